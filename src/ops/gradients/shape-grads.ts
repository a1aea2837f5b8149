/** Gradient rules of the layout primitives. */
import { slice, pad, reshape, transpose, gather, scatterAdd } from "../shape-ops.js";
import type { GradEntry } from "./grad-rule.js";
import { sumToShape, uses } from "./grad-rule.js";

export const reshapeGrad: GradEntry<"reshape"> = uses([], false, (dy, { inputs: [x] }) => [reshape(dy, x!.shape)]);

export const transposeGrad: GradEntry<"transpose"> = uses([], false, (dy, { params: { perm } }) => {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return [transpose(dy, inverse)];
});

export const broadcastToGrad: GradEntry<"broadcastTo"> = uses([], false, (dy, { inputs: [x] }) => [sumToShape(dy, x!.shape)]);

export const sliceGrad: GradEntry<"slice"> = uses([], false, (dy, { inputs: [x], params: { begin, size } }) => [
  pad(
    dy,
    x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as [number, number]),
  ),
]);

export const padGrad: GradEntry<"pad"> = uses([], false, (dy, { inputs: [x], params: { paddings } }) => [
  slice(
    dy,
    paddings.map((p) => p[0]),
    x!.shape,
  ),
]);

export const concatGrad: GradEntry<"concat"> = uses([], false, (dy, { inputs, params: { axis }, needs }) => {
  let offset = 0;
  return inputs.map((x, i) => {
    const begin = x.shape.map((_, j) => (j === axis ? offset : 0));
    offset += x.shape[axis]!;
    return needs[i] ? slice(dy, begin, x.shape) : null;
  });
});

export const gatherGrad: GradEntry<"gather"> = uses([1], false, (dy, { inputs: [x, indices], params: { axis } }) => [
  scatterAdd(dy, indices!, axis, x!.shape[axis]!),
  null,
]);

export const scatterAddGrad: GradEntry<"scatterAdd"> = uses([1], false, (dy, { inputs: [, indices], params: { axis } }) => [gather(dy, indices!, axis), null]);
