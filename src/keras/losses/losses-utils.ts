/**
 * What every Keras loss shares (Keras's `losses_utils` and the probability clipping of
 * `backend.*_crossentropy`): float32 inputs, the rank fix-ups between labels,
 * predictions and sample weights, and the weighted reduction.
 */
import { describeValue, formatShape, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import { toTensor } from "../../ops/convert.js";
import type { TensorLike } from "../../ops/creation.js";
import { Tensor } from "../../tensor/tensor.js";

/** Keras's `backend.epsilon()` as a float32: the clip bound for probabilities. */
export const EPSILON = Math.fround(1e-7);
/** `1 - epsilon` computed in float32, as Keras computes it on a float32 tensor. */
export const ONE_MINUS_EPSILON = Math.fround(1 - EPSILON);

/** Keras's `ReductionV2` keys; "auto" means "sum_over_batch_size" outside distribution strategies. */
export const REDUCTIONS = ["auto", "none", "sum", "sum_over_batch_size"] as const;
/** How `Loss.apply` reduces the weighted per-example losses. */
export type Reduction = (typeof REDUCTIONS)[number];

/** Checks a reduction key with Keras's message. Example: `validateReduction("sum")`. */
export function validateReduction(value: unknown): Reduction {
  if (!REDUCTIONS.includes(value as Reduction)) {
    throw new ValueError(`Invalid Reduction Key: ${String(value)}. Expected keys are "${REDUCTIONS.join('", "')}"`);
  }
  return value as Reduction;
}

/**
 * `x` as a float32 tensor. Losses and metrics compute in float32 whatever the model's
 * output dtype (a float16 log of a small probability is -inf), so 16-bit and float64
 * predictions are cast first; the cast is recorded, so gradients flow back in the
 * prediction's own dtype.
 */
export function toFloat32(x: TensorLike, argName: string, owner: string): Tensor {
  return ops.cast(asTensor(x, argName, owner), "float32");
}

/** `x` as a tensor (numbers and arrays become float32), with errors that name the argument and its owner. */
export function asTensor(x: TensorLike, argName: string, owner: string): Tensor {
  if (x instanceof Tensor) return toTensor(x, argName, owner);
  const ok = typeof x === "number" || typeof x === "boolean" || Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
  if (!ok) {
    throw new TypeError(`Argument '${argName}' of ${owner} must be a Tensor, a number or a (nested) array of numbers, but got: ${describeValue(x)}`);
  }
  try {
    return toTensor(x, argName, owner);
  } catch (e) {
    const err = e as Error;
    err.message = `Argument '${argName}' of ${owner}: ${err.message}`;
    throw err;
  }
}

/** Shapes equal in rank and every dimension. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Keras's `squeeze_or_expand_dimensions(y_pred, y_true)`: when the ranks differ by one
 * and the extra last axis has size 1, that axis is squeezed, so labels `[N]` meet
 * predictions `[N, 1]` and vice versa.
 */
export function squeezeOrExpand(yPred: Tensor, yTrue: Tensor): [Tensor, Tensor] {
  const diff = yPred.rank - yTrue.rank;
  if (diff === 1 && yPred.shape[yPred.rank - 1] === 1) return [ops.squeeze(yPred, -1), yTrue];
  if (diff === -1 && yTrue.shape[yTrue.rank - 1] === 1) return [yPred, ops.squeeze(yTrue, -1)];
  return [yPred, yTrue];
}

/**
 * Keras's rank fix-up for sample weights: a weight one rank above `values` loses its
 * last axis (which must be 1), one rank below gains one, so `[N]` weights scale `[N, T]`
 * per-timestep values and `[N, 1]` weights scale `[N]` values.
 */
export function squeezeOrExpandWeights(values: Tensor, weights: Tensor, owner: string): Tensor {
  if (weights.rank === 0) return weights;
  if (weights.rank - values.rank === 1) {
    if (weights.shape[weights.rank - 1] !== 1) {
      throw new ValueError(
        `Incompatible shapes in ${owner}: sampleWeight of shape ${formatShape(weights.shape)} has one more axis than the values of shape ${formatShape(values.shape)}, so its last axis must be 1`,
      );
    }
    return ops.squeeze(weights, -1);
  }
  if (values.rank - weights.rank === 1) return ops.expandDims(weights, -1);
  return weights;
}

/** Throws "Incompatible shapes: [a] vs. [b]" (TensorFlow's text) naming both arguments, unless they broadcast. */
export function assertBroadcastable(a: Tensor, b: Tensor, aName: string, bName: string, owner: string): void {
  try {
    ops.broadcastShapes(a.shape, b.shape, owner);
  } catch {
    throw new ValueError(
      `Incompatible shapes: ${formatShape(a.shape)} vs. ${formatShape(b.shape)}: ${aName} of shape ${formatShape(a.shape)} and ${bName} of shape ${formatShape(b.shape)} do not broadcast in ${owner}`,
    );
  }
}

/** Mean over the last axis (Keras reduces per-example losses there), with an error naming the argument for scalars. */
export function meanLastAxis(x: Tensor, owner: string): Tensor {
  if (x.rank === 0) {
    throw new ValueError(`${owner} reduces over the last axis, so yTrue and yPred must have rank >= 1, but got scalars`);
  }
  return ops.mean(x, -1);
}

/** Probabilities clipped to [epsilon, 1 - epsilon], as Keras does before taking logs. */
export function clipProbabilities(p: Tensor): Tensor {
  return ops.minimum(ops.maximum(p, EPSILON), ONE_MINUS_EPSILON);
}

/**
 * Keras's `compute_weighted_loss`: per-example `losses` times `sampleWeight` (after the
 * rank fix-up and broadcasting), then "none" (as is), "sum", or "sum_over_batch_size"
 * (sum divided by the number of weighted elements; 0 when there are none). float32.
 */
export function computeWeightedLoss(losses: Tensor, sampleWeight: TensorLike | undefined, reduction: Reduction, owner: string): Tensor {
  const r = validateReduction(reduction);
  const values = ops.cast(losses, "float32");
  let weighted = values;
  if (sampleWeight != null) {
    const w = squeezeOrExpandWeights(values, toFloat32(sampleWeight, "sampleWeight", owner), owner);
    try {
      ops.broadcastShapes(values.shape, w.shape, owner);
    } catch {
      throw new ValueError(
        `Incompatible shapes: ${formatShape(values.shape)} vs. ${formatShape(w.shape)}: sampleWeight of shape ${formatShape(w.shape)} does not broadcast to the per-example losses of shape ${formatShape(values.shape)} in ${owner}`,
      );
    }
    weighted = ops.mul(values, w);
  }
  if (r === "none") return weighted;
  const total = ops.sum(weighted);
  if (r === "sum") return total;
  // Keras's div_no_nan: an empty batch reduces to 0, not NaN.
  return weighted.size === 0 ? total : ops.div(total, weighted.size);
}
