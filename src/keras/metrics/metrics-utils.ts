/** Helpers shared by the metrics (Keras's `metrics_utils` and `broadcast_weights`). */
import { formatShape, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";

/**
 * `weights` broadcast to `values`' shape, with TensorFlow's rule for weights: a scalar,
 * or the same rank with every dimension 1 or equal. Returns null when that fails, so
 * callers can fall back (Keras's `Reduce` reduces the values instead).
 */
export function tryBroadcastWeights(weights: Tensor, values: Tensor): Tensor | null {
  if (weights.rank === 0) return ops.broadcastTo(weights, values.shape);
  if (weights.rank !== values.rank) return null;
  if (weights.shape.some((d, i) => d !== 1 && d !== values.shape[i])) return null;
  return ops.broadcastTo(weights, values.shape);
}

/** `tryBroadcastWeights`, throwing TensorFlow's message (naming both shapes) on failure. */
export function broadcastWeights(weights: Tensor, values: Tensor, owner: string): Tensor {
  const w = tryBroadcastWeights(weights, values);
  if (w === null) {
    throw new ValueError(
      `weights can not be broadcast to values. values.rank=${values.rank}. weights.rank=${weights.rank}. values.shape=${formatShape(values.shape)}. weights.shape=${formatShape(weights.shape)}. (sampleWeight of ${owner} must be a scalar or have the values' rank with each dimension 1 or equal)`,
    );
  }
  return w;
}

/** a / b, and 0 where b is 0 (TensorFlow's `divide_no_nan`), float32. */
export function divNoNan(a: Tensor, b: Tensor): Tensor {
  return ops.where(ops.equal(b, 0), 0, ops.div(a, b));
}

/** The elements of a tensor as float32 numbers (16-bit decoded, other dtypes cast). */
export function float32Data(x: Tensor): Float32Array {
  return ops.cast(x, "float32").dataSync() as Float32Array;
}

/** A copy of a state variable's current value, so a returned result does not change with later updates. */
export function snapshot(v: Tensor): Tensor {
  return ops.tensor(v.dataSync() as Float32Array, v.shape, "float32");
}
