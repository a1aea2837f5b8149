/** Gradient rules of matmul, softmax and log-softmax. */
import { cast } from "../cast.js";
import { exp, mul, sub } from "../elementwise.js";
import { oneHot, expandDims } from "../shape-ops.js";
import { softmax } from "../softmax.js";
import { matmul } from "../linalg.js";
import { sum } from "../reduction.js";
import type { GradEntry } from "./grad-rule.js";
import { crossInputs, sumToShape, uses, usesWhen } from "./grad-rule.js";

/** For C = op(A)·op(B): each case picks the products that avoid explicit transposes. */
export const matmulGrad: GradEntry<"matmul"> = usesWhen(crossInputs, (dy, { inputs: [a, b], params: { transposeA: ta, transposeB: tb }, needs }) => {
  let da = null;
  let db = null;
  if (needs[0]) {
    da = !ta ? matmul(dy, b!, false, !tb) : tb ? matmul(b!, dy, true, true) : matmul(b!, dy, false, true);
    da = sumToShape(da, a!.shape);
  }
  if (needs[1]) {
    db = !tb ? matmul(a!, dy, !ta, false) : ta ? matmul(dy, a!, true, true) : matmul(dy, a!, true, false);
    db = sumToShape(db, b!.shape);
  }
  return [da, db];
});

/** dx = y·(dy - Σ dy·y) along the axis. */
export const softmaxGrad: GradEntry<"softmax"> = uses([], true, (dy, { output: y, params: { axis } }) => [mul(y, sub(dy, sum(mul(dy, y), axis, true)))]);

/** dx = dy - softmax(x)·Σ dy along the axis (softmax(x) = exp(y)). */
export const logSoftmaxGrad: GradEntry<"logSoftmax"> = uses([], true, (dy, { output: y, params: { axis } }) => [sub(dy, mul(exp(y), sum(dy, axis, true)))]);

/**
 * d loss_i / d logits_i = softmax(logits_i) - onehot(label_i), times dy_i; computed in
 * float32 (float64 for float64 logits) from differentiable ops, so second derivatives work.
 */
export const sparseSoftmaxCrossEntropyGrad: GradEntry<"sparseSoftmaxCrossEntropy"> = uses([0, 1], false, (dy, { inputs: [logits, labels] }) => {
  const dt = logits!.dtype === "float64" ? "float64" : "float32";
  const p = softmax(cast(logits!, dt));
  const target = oneHot(labels!, logits!.shape[1]!, 1, 0, dt);
  return [mul(sub(p, target), expandDims(dy, 1)), null];
});
