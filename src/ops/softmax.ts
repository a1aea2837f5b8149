/** Softmax and log-softmax along an axis, computed in float32 for 16-bit inputs and rounded once. */
import { isFloating } from "../dtype/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../errors.js";
import { normalizeAxis } from "./broadcast.js";
import { cast } from "./cast.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";

function run(prim: "softmax" | "logSoftmax", logits: TensorLike, axis: number): Tensor {
  let t = toTensor(logits, "logits", prim);
  if (t.rank === 0) throw new ValueError(`'${prim}' needs a tensor of rank >= 1, but got a scalar`);
  if (!isFloating(t.dtype)) t = cast(t, "float32");
  const a = normalizeAxis(axis, t.rank, prim);
  return runKernel(prim, [t], { axis: a }, t.shape, t.dtype);
}

/** exp(x) / sum(exp(x)) along `axis` (default last). Example: `tf.softmax([0, 0])` is `[0.5, 0.5]`. */
export const softmax = (logits: TensorLike, axis = -1): Tensor => run("softmax", logits, axis);

/** x - log(sum(exp(x))) along `axis` (default last). */
export const logSoftmax = (logits: TensorLike, axis = -1): Tensor => run("logSoftmax", logits, axis);
