/**
 * Gradient clipping as TensorFlow computes it (`clip_by_norm`, `clip_by_global_norm`,
 * `clip_by_value`), on float32 gradients: the norms of 16-bit gradients would
 * overflow, and Keras clips the float32 gradients of float32 master weights.
 */
import { cast } from "../../ops/cast.js";
import { div, maximum, minimum, mul, square } from "../../ops/elementwise.js";
import { sum } from "../../ops/reduction.js";
import type { Tensor } from "../../tensor/tensor.js";

const f = Math.fround;

/** √x rounded to float32 (the double square root rounds correctly to float32, as IEEE sqrt does). */
const sqrtF32 = (x: number): number => f(Math.sqrt(x));

/** Σ g² accumulated in float32. */
function sumOfSquares(g: Tensor): number {
  return sum(square(g)).dataSync()[0]!;
}

/** `g · c / max(‖g‖, c)`: leaves gradients with norm ≤ c (nearly) as they are. Example: `clipByNorm(g, 1)`. */
export function clipByNorm(g: Tensor, clipNorm: number): Tensor {
  const c = f(clipNorm);
  const l2sum = sumOfSquares(g);
  // TensorFlow takes the square root only of a positive sum, so a zero gradient stays zero.
  const norm = l2sum > 0 ? sqrtF32(l2sum) : l2sum;
  return div(mul(g, c), Math.max(norm, c));
}

/**
 * Every gradient times `c · min(1/‖all‖, 1/c)`, the global norm over all of them;
 * a non-finite global norm makes every gradient NaN, as in TensorFlow.
 * Example: `clipByGlobalNorm([g1, g2], 1)`.
 */
export function clipByGlobalNorm(grads: readonly Tensor[], clipNorm: number): Tensor[] {
  let halfSquared = 0;
  for (const g of grads) halfSquared = f(halfSquared + f(sumOfSquares(g) * 0.5));
  const norm = sqrtF32(f(halfSquared * 2));
  const c = f(clipNorm);
  const scaleForFinite = f(c * Math.min(f(1 / norm), f(1 / c)));
  const scale = f(scaleForFinite + f(norm - norm));
  return grads.map((g) => mul(g, scale));
}

/** Each element clamped to [-c, c]. Example: `clipByValue(g, 1)`. */
export function clipByValue(g: Tensor, clipValue: number): Tensor {
  const c = f(clipValue);
  return maximum(minimum(g, c), -c);
}

/** `g` as float32, times `scale` (an unscale factor) unless it is 1. Example: `toFloat32(g16, 1 / lossScale)`. */
export function toFloat32(g: Tensor, scale: number): Tensor {
  const g32 = cast(g, "float32");
  return scale === 1 ? g32 : mul(g32, scale);
}
