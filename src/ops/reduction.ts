/**
 * Reductions with `axis` (a number, several, or all when omitted) and `keepDims`.
 * 16-bit inputs accumulate in float32 and round once.
 */
import { op } from "./op.js";
import type { ReducePrim } from "../backend/primitives.js";
import { isFloating, type DType } from "../dtype/index.js";
import { formatShape, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { normalizeAxes, normalizeAxis } from "./broadcast.js";
import { cast } from "./cast.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";

/** Axis argument of the reductions: one axis, several, or `undefined`/`null` for all. */
export type AxisArg = number | readonly number[] | null | undefined;

/** The shape after reducing `axes`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  return keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

const reduce = op(function reduce(prim: ReducePrim, x: TensorLike, axis: AxisArg, keepDims: boolean): Tensor {
  let t = toTensor(x, "x", prim);
  const axes = normalizeAxes(axis, t.rank, prim);
  if (t.dtype === "bool") t = cast(t, "int32");
  // The mean of integers is float32, as in NumPy (TensorFlow would truncate).
  const outDtype: DType = prim === "mean" && !isFloating(t.dtype) ? "float32" : t.dtype;
  if ((prim === "max" || prim === "min") && axes.some((a) => t.shape[a] === 0)) {
    throw new ValueError(`Cannot compute '${prim}' over an empty axis of a tensor of shape ${formatShape(t.shape)}`);
  }
  return runKernel(prim, [t], { axes, keepDims }, reducedShape(t.shape, axes, keepDims), outDtype);
});

/** Sum. Example: `tf.sum([[1, 2], [3, 4]], 0)` is `[4, 6]`. */
export const sum = (x: TensorLike, axis?: AxisArg, keepDims = false): Tensor => reduce("sum", x, axis, keepDims);
/** Arithmetic mean (float32 for integer inputs). */
export const mean = (x: TensorLike, axis?: AxisArg, keepDims = false): Tensor => reduce("mean", x, axis, keepDims);
/** Product. */
export const prod = (x: TensorLike, axis?: AxisArg, keepDims = false): Tensor => reduce("prod", x, axis, keepDims);
/** Maximum (NaN propagates). */
export const max = (x: TensorLike, axis?: AxisArg, keepDims = false): Tensor => reduce("max", x, axis, keepDims);
/** Minimum (NaN propagates). */
export const min = (x: TensorLike, axis?: AxisArg, keepDims = false): Tensor => reduce("min", x, axis, keepDims);

const argReduce = op(function argReduce(prim: "argmax" | "argmin", x: TensorLike, axis: number): Tensor {
  const t = toTensor(x, "x", prim);
  if (t.rank === 0) throw new ValueError(`'${prim}' needs a tensor of rank >= 1, but got a scalar`);
  const a = normalizeAxis(axis, t.rank, prim);
  if (t.shape[a] === 0) throw new ValueError(`Cannot compute '${prim}' over an empty axis of a tensor of shape ${formatShape(t.shape)}`);
  return runKernel(
    prim,
    [t],
    { axis: a },
    t.shape.filter((_, i) => i !== a),
    "int32",
  );
});

/** Index of the first maximum along `axis` (int32). Example: `tf.argmax([[1, 5], [7, 2]], 1)` is `[1, 0]`. */
export const argmax = (x: TensorLike, axis = 0): Tensor => argReduce("argmax", x, axis);
/** Index of the first minimum along `axis` (int32). */
export const argmin = (x: TensorLike, axis = 0): Tensor => argReduce("argmin", x, axis);

/** A bool scalar: true when no element is inf or NaN. Example: `tf.allFinite([1, Infinity])` is false. */
export const allFinite = op(function allFinite(x: TensorLike): Tensor {
  const t = toTensor(x, "x", "allFinite");
  return runKernel("allFinite", [t], {}, [], "bool");
});
