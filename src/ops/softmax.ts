/**
 * Softmax, log-softmax and the fused sparse softmax cross-entropy, computed in float32
 * for 16-bit inputs and rounded once.
 */
import { op } from "./op.js";
import { isFloating } from "../dtype/index.js";
import { formatShape, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { normalizeAxis } from "./broadcast.js";
import { cast } from "./cast.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";
import { reshape } from "./shape-ops.js";

const run = op(function run(prim: "softmax" | "logSoftmax", logits: TensorLike, axis: number): Tensor {
  let t = toTensor(logits, "logits", prim);
  if (t.rank === 0) throw new ValueError(`'${prim}' needs a tensor of rank >= 1, but got a scalar`);
  if (!isFloating(t.dtype)) t = cast(t, "float32");
  const a = normalizeAxis(axis, t.rank, prim);
  return runKernel(prim, [t], { axis: a }, t.shape, t.dtype);
});

/** exp(x) / sum(exp(x)) along `axis` (default last). Example: `tf.softmax([0, 0])` is `[0.5, 0.5]`. */
export const softmax = (logits: TensorLike, axis = -1): Tensor => run("softmax", logits, axis);

/** x - log(sum(exp(x))) along `axis` (default last). */
export const logSoftmax = (logits: TensorLike, axis = -1): Tensor => run("logSoftmax", logits, axis);

/**
 * Per-example softmax cross-entropy with integer labels, fused: logsumexp(logits) -
 * logits[label] computed in float32 whatever the logits dtype (as
 * tf.nn.sparse_softmax_cross_entropy_with_logits). `labels` has the shape of `logits`
 * without its last axis; the result has that shape and dtype float32 (float64 for
 * float64 logits). Example: `tf.sparseSoftmaxCrossEntropy([0], [[0, 0]])` is `[ln 2]`.
 */
export const sparseSoftmaxCrossEntropy = op(function sparseSoftmaxCrossEntropy(labels: TensorLike, logits: TensorLike): Tensor {
  let x = toTensor(logits, "logits", "sparseSoftmaxCrossEntropy");
  let y = toTensor(labels, "labels", "sparseSoftmaxCrossEntropy", "int32");
  if (y.dtype === "uint8") y = cast(y, "int32");
  if (y.dtype !== "int32") {
    throw new TypeError(`Argument 'labels' of 'sparseSoftmaxCrossEntropy' must be an int32 or uint8 tensor, but got a ${y.dtype} tensor`);
  }
  if (!isFloating(x.dtype)) x = cast(x, "float32");
  if (x.rank === 0 || y.rank !== x.rank - 1 || y.shape.some((d, i) => d !== x.shape[i])) {
    throw new ValueError(
      `'sparseSoftmaxCrossEntropy' needs labels of shape logits.shape[:-1]: got labels ${formatShape(y.shape)} and logits ${formatShape(x.shape)}`,
    );
  }
  const classes = x.shape[x.rank - 1]!;
  const data = y.view().data;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! < 0 || data[i]! >= classes) {
      throw new ValueError(`Received a label value of ${data[i]} which is outside the valid range of [0, ${classes}).`);
    }
  }
  const rows = y.size;
  const loss = runKernel(
    "sparseSoftmaxCrossEntropy",
    [reshape(x, [rows, classes]), reshape(y, [rows])],
    {},
    [rows],
    x.dtype === "float64" ? "float64" : "float32",
  );
  return reshape(loss, y.shape);
});
