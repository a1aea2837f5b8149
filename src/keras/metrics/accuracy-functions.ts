/**
 * The per-example accuracy functions behind the accuracy metrics (Keras's
 * `metrics.accuracy`, `binary_accuracy`, ..., and `metrics_utils.*_matches`): each
 * returns float32 1 for a hit and 0 for a miss.
 */
import { formatShape, ValueError } from "../../errors.js";
import type { TensorLike } from "../../ops/creation.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { asTensor, assertBroadcastable, meanLastAxis, sameShape, toFloat32 } from "../losses/losses-utils.js";
import { float32Data } from "./metrics-utils.js";
import { libraryFunction } from "../../tensor/ownership.js";
import { numberOption } from "../../options.js";

function hits(condition: Tensor): Tensor {
  return ops.cast(condition, "float32");
}

/**
 * Elementwise `yTrue == yPred`. The shapes must match.
 * Example: `keras.metrics.accuracy([1, 2], [1, 3]).dataSync()` is `Float32Array [1, 0]`.
 */
export const accuracy = libraryFunction(function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = asTensor(yTrue, "yTrue", "accuracy");
  let p = asTensor(yPred, "yPred", "accuracy");
  if (!sameShape(t.shape, p.shape)) {
    throw new ValueError(`Shapes ${formatShape(t.shape)} and ${formatShape(p.shape)} are incompatible: accuracy compares yTrue and yPred elementwise`);
  }
  // Keras compares in the labels' dtype.
  if (p.dtype !== t.dtype) p = ops.cast(p, t.dtype);
  return hits(ops.equal(t, p));
});

/**
 * Per example, the fraction of `yPred > threshold` that equals `yTrue` over the last axis.
 * Example: `keras.metrics.binaryAccuracy([[1, 1, 0, 0]], [[0.98, 1, 0, 0.6]]).dataSync()` is `[0.75]`.
 */
export const binaryAccuracy = libraryFunction(function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold: number = 0.5): Tensor {
  const owner = "binaryAccuracy";
  const th = Math.fround(numberOption(threshold, 0.5, "threshold", { min: 0, max: 1 }, owner));
  const p = toFloat32(yPred, "yPred", owner);
  const t = toFloat32(yTrue, "yTrue", owner);
  assertBroadcastable(t, p, "yTrue", "yPred", owner);
  return meanLastAxis(hits(ops.equal(t, hits(ops.greater(p, th)))), owner);
});

/**
 * Keras's `sparse_categorical_matches`: whether argmax(yPred, -1) equals the integer
 * label. Labels have yPred's shape without the class axis, or with a class axis of 1
 * (squeezed, and the matches keep the labels' shape).
 */
function sparseMatches(t: Tensor, p: Tensor, owner: string): Tensor {
  if (p.rank === 0) throw new ValueError(`${owner} needs yPred with a class axis (rank >= 1), but got a scalar`);
  let labels = t;
  if (t.rank === p.rank) {
    if (t.shape[t.rank - 1] !== 1) {
      throw new ValueError(
        `Can not squeeze dim[${t.rank - 1}], expected a dimension of 1, got ${t.shape[t.rank - 1]}: ${owner} needs integer labels yTrue (shape ${formatShape(t.shape)}) for yPred of shape ${formatShape(p.shape)}`,
      );
    }
    labels = ops.squeeze(t, -1);
  }
  if (!sameShape(labels.shape, p.shape.slice(0, -1))) {
    throw new ValueError(
      `${owner} needs yTrue of shape yPred.shape[:-1] (${formatShape(p.shape.slice(0, -1))}), optionally with a trailing axis of 1, but got yTrue ${formatShape(t.shape)} and yPred ${formatShape(p.shape)}`,
    );
  }
  const matches = hits(ops.equal(ops.cast(labels, "float32"), ops.cast(ops.argmax(p, -1), "float32")));
  return labels === t ? matches : ops.reshape(matches, t.shape);
}

/**
 * Whether the class with the highest prediction is the integer label.
 * Example: `keras.metrics.sparseCategoricalAccuracy([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])` is `[0, 1]`.
 */
export const sparseCategoricalAccuracy = libraryFunction(function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const owner = "sparseCategoricalAccuracy";
  return sparseMatches(toFloat32(yTrue, "yTrue", owner), toFloat32(yPred, "yPred", owner), owner);
});

/**
 * Whether the class with the highest prediction is the one-hot label's class.
 * Example: `keras.metrics.categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])` is `[0, 1]`.
 */
export const categoricalAccuracy = libraryFunction(function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const owner = "categoricalAccuracy";
  const t = toFloat32(yTrue, "yTrue", owner);
  const p = toFloat32(yPred, "yPred", owner);
  if (!sameShape(t.shape, p.shape) || p.rank === 0) {
    throw new ValueError(
      `Shapes ${formatShape(t.shape)} and ${formatShape(p.shape)} are incompatible: ${owner} needs one-hot yTrue of yPred's shape (rank >= 1)`,
    );
  }
  return sparseMatches(ops.argmax(t, -1), p, owner);
});

/**
 * TensorFlow's `in_top_k` on float32 data: the label is a hit when fewer than `k`
 * classes score strictly higher (ties at the boundary count as hits); a row with a
 * non-finite score, or a label outside [0, classes), is a miss.
 */
function sparseTopKMatches(t: Tensor, p: Tensor, k: number, owner: string): Tensor {
  if (p.rank < 2) throw new ValueError(`${owner} needs yPred of rank >= 2 ([batch, classes]), but got shape ${formatShape(p.shape)}`);
  const classes = p.shape[p.rank - 1]!;
  const rows = p.size / Math.max(classes, 1);
  if (t.size !== rows || (t.rank === p.rank - 1 && !sameShape(t.shape, p.shape.slice(0, -1)))) {
    throw new ValueError(`${owner} needs one label per row of yPred: got yTrue ${formatShape(t.shape)} and yPred ${formatShape(p.shape)}`);
  }
  const scores = float32Data(p);
  const labels = float32Data(t);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = Math.trunc(labels[r]!);
    if (!(label >= 0 && label < classes)) continue;
    const target = scores[r * classes + label]!;
    if (!Number.isFinite(target)) continue;
    let higher = 0;
    let finite = true;
    for (let c = 0; c < classes; c++) {
      const s = scores[r * classes + c]!;
      if (!Number.isFinite(s)) finite = false;
      else if (s > target) higher++;
    }
    out[r] = finite && higher < k ? 1 : 0;
  }
  // The matches keep the labels' shape, as in Keras.
  return ops.tensor(out, t.shape, "float32");
}

function checkK(k: number, owner: string): number {
  return numberOption(k, 5, "k", { min: 1, integer: true }, owner);
}

/**
 * Whether the integer label is among the `k` highest predictions.
 * Example: `keras.metrics.sparseTopKCategoricalAccuracy([2], [[0.1, 0.9, 0.8]], 2)` is `[1]`.
 */
export const sparseTopKCategoricalAccuracy = libraryFunction(function sparseTopKCategoricalAccuracy(
  yTrue: TensorLike,
  yPred: TensorLike,
  k: number = 5,
): Tensor {
  const owner = "sparseTopKCategoricalAccuracy";
  const kk = checkK(k, owner);
  return sparseTopKMatches(toFloat32(yTrue, "yTrue", owner), toFloat32(yPred, "yPred", owner), kk, owner);
});

/**
 * Whether the one-hot label's class is among the `k` highest predictions.
 * Example: `keras.metrics.topKCategoricalAccuracy([[0, 0, 1]], [[0.1, 0.9, 0.8]], 1)` is `[0]`.
 */
export const topKCategoricalAccuracy = libraryFunction(function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k: number = 5): Tensor {
  const owner = "topKCategoricalAccuracy";
  const kk = checkK(k, owner);
  const t = toFloat32(yTrue, "yTrue", owner);
  const p = toFloat32(yPred, "yPred", owner);
  if (!sameShape(t.shape, p.shape)) {
    throw new ValueError(`Shapes ${formatShape(t.shape)} and ${formatShape(p.shape)} are incompatible: ${owner} needs one-hot yTrue of yPred's shape`);
  }
  if (p.rank < 2) throw new ValueError(`${owner} needs yPred of rank >= 2 ([batch, classes]), but got shape ${formatShape(p.shape)}`);
  return sparseTopKMatches(ops.argmax(t, -1), p, kk, owner);
});
