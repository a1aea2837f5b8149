/** Gradient rules of the layout primitives. */
import { slice, pad, reshape, transpose, gather, scatterAdd } from "../shape-ops.js";
import type { GradRule } from "./grad-rule.js";
import { sumToShape } from "./grad-rule.js";

export const reshapeGrad: GradRule<"reshape"> = (dy, { inputs: [x] }) => [reshape(dy, x!.shape)];

export const transposeGrad: GradRule<"transpose"> = (dy, { params: { perm } }) => {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return [transpose(dy, inverse)];
};

export const broadcastToGrad: GradRule<"broadcastTo"> = (dy, { inputs: [x] }) => [sumToShape(dy, x!.shape)];

export const sliceGrad: GradRule<"slice"> = (dy, { inputs: [x], params: { begin, size } }) => [
  pad(
    dy,
    x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as [number, number]),
  ),
];

export const padGrad: GradRule<"pad"> = (dy, { inputs: [x], params: { paddings } }) => [
  slice(
    dy,
    paddings.map((p) => p[0]),
    x!.shape,
  ),
];

export const concatGrad: GradRule<"concat"> = (dy, { inputs, params: { axis }, needs }) => {
  let offset = 0;
  return inputs.map((x, i) => {
    const begin = x.shape.map((_, j) => (j === axis ? offset : 0));
    offset += x.shape[axis]!;
    return needs[i] ? slice(dy, begin, x.shape) : null;
  });
};

export const gatherGrad: GradRule<"gather"> = (dy, { inputs: [x, indices], params: { axis } }) => [
  scatterAdd(dy, indices!, axis, x!.shape[axis]!),
  null,
];

export const scatterAddGrad: GradRule<"scatterAdd"> = (dy, { inputs: [, indices], params: { axis } }) => [
  gather(dy, indices!, axis),
  null,
];
