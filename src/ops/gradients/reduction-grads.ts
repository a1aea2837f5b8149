/** Gradient rules of the reductions. */
import type { ReduceParams } from "../../backend/primitives.js";
import type { Tensor } from "../../tensor/tensor.js";
import { cast } from "../cast.js";
import { div, equal, mul, where } from "../elementwise.js";
import { prod, reducedShape, sum } from "../reduction.js";
import { broadcastTo, reshape } from "../shape-ops.js";
import type { GradEntry, GradRule } from "./grad-rule.js";
import { uses } from "./grad-rule.js";

/** dy (reduced shape) broadcast back over x's shape. */
function expand(dy: Tensor, x: Tensor, { axes }: ReduceParams): Tensor {
  return broadcastTo(reshape(dy, reducedShape(x.shape, axes, true)), x.shape);
}

function count(x: Tensor, { axes }: ReduceParams): number {
  return axes.reduce((n, a) => n * x.shape[a]!, 1);
}

export const sumGrad: GradEntry<"sum"> = uses([], false, (dy, { inputs: [x], params }) => [expand(dy, x!, params)]);

export const meanGrad: GradEntry<"mean"> = uses([], false, (dy, { inputs: [x], params }) => [mul(expand(dy, x!, params), 1 / count(x!, params))]);

/**
 * Each element gets the product of the others: y/x where x != 0; with one zero in
 * the slice, that zero gets the product of the rest and the others 0; with more, all 0.
 */
export const prodGrad: GradEntry<"prod"> = uses([0], true, (dy, { inputs: [x], output, params }) => {
  const isZero = equal(x!, 0);
  const zeros = sum(cast(isZero, "int32"), params.axes, true);
  const nonZeroProd = prod(where(isZero, 1, x!), params.axes, true);
  const y = reshape(output, reducedShape(x!.shape, params.axes, true));
  const others = where(equal(zeros, 0), div(y, x!), where(equal(zeros, 1), where(isZero, nonZeroProd, 0), 0));
  return [mul(expand(dy, x!, params), broadcastTo(others, x!.shape))];
});

/** Ties share the gradient equally, as tf.reduce_max does. */
const extremumGrad: GradRule<"max" | "min"> = (dy, { inputs: [x], output, params }) => {
  const y = expand(output, x!, params);
  const mask = equal(x!, y);
  const ties = sum(cast(mask, x!.dtype), params.axes, true);
  return [where(mask, div(expand(dy, x!, params), broadcastTo(ties, x!.shape)), 0)];
};

export const maxGrad: GradEntry<"max"> = uses([0], true, extremumGrad as GradRule<"max">);
export const minGrad: GradEntry<"min"> = uses([0], true, extremumGrad as GradRule<"min">);
