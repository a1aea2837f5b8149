/** Shape and layout ops: reshape, transpose, expandDims, squeeze, slice, pad, concat, stack, gather, oneHot, broadcastTo. */
import { op } from "./op.js";
import { sizeOf } from "../backend/shape.js";
import { parseDType, type DType } from "../dtype/index.js";
import { describeValue, formatShape, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { normalizeAxis } from "./broadcast.js";
import { cast } from "./cast.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel, runReshape } from "./engine.js";

function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => Number.isInteger(d));
}

/**
 * Same data, new shape; one dimension may be -1 and is inferred.
 * Example: `tf.reshape(tf.range(0, 6), [2, -1])` has shape `[2, 3]`.
 */
export const reshape = op(function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, "x", "reshape");
  if (!isIntArray(shape) || shape.some((d) => d < -1) || shape.filter((d) => d === -1).length > 1) {
    throw new ValueError(`Argument 'shape' of 'reshape' must be an array of non-negative integers with at most one -1, but got: ${describeValue(shape)}`);
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  let out = [...shape];
  if (shape.includes(-1)) {
    if (known === 0 || t.size % known !== 0) {
      throw new ValueError(`Cannot reshape a tensor with ${t.size} elements to shape ${formatShape(shape)}: the size is not divisible by ${known}`);
    }
    out = shape.map((d) => (d === -1 ? t.size / known : d));
  }
  if (sizeOf(out) !== t.size) {
    throw new ValueError(
      `Cannot reshape a tensor with ${t.size} elements to shape ${formatShape(shape)} (${sizeOf(out)} elements); the input shape is ${formatShape(t.shape)}`,
    );
  }
  return runReshape(t, out);
});

/** Permutes dimensions (reverses them when `perm` is omitted). Example: `tf.transpose(x, [1, 0])`. */
export const transpose = op(function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const t = toTensor(x, "x", "transpose");
  const p = perm === undefined ? t.shape.map((_, i) => t.rank - 1 - i) : [...perm];
  const sorted = [...p].sort((a, b) => a - b);
  if (!isIntArray(p) || p.length !== t.rank || sorted.some((v, i) => v !== i)) {
    throw new ValueError(
      `Argument 'perm' of 'transpose' must be a permutation of [0..${t.rank - 1}] for a tensor of shape ${formatShape(t.shape)}, but got: ${describeValue(perm)}`,
    );
  }
  if (p.every((v, i) => v === i)) return t;
  return runKernel(
    "transpose",
    [t],
    { perm: p },
    p.map((i) => t.shape[i]!),
    t.dtype,
  );
});

/** Inserts a dimension of 1 at `axis`. Example: `tf.expandDims([1, 2], 0)` has shape `[1, 2]`. */
export const expandDims = op(function expandDims(x: TensorLike, axis: number = 0): Tensor {
  const t = toTensor(x, "x", "expandDims");
  const a = normalizeAxis(axis, t.rank + 1, "expandDims");
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return reshape(t, shape);
});

/** Removes dimensions of 1 (all of them, or those in `axis`). */
export const squeeze = op(function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  const t = toTensor(x, "x", "squeeze");
  const axes =
    axis === undefined
      ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : (typeof axis === "number" ? [axis] : [...axis]).map((a) => normalizeAxis(a, t.rank, "squeeze"));
  for (const a of axes) {
    if (t.shape[a] !== 1) throw new ValueError(`Cannot squeeze axis ${a} of a tensor of shape ${formatShape(t.shape)}: its size is ${t.shape[a]}, not 1`);
  }
  return reshape(
    t,
    t.shape.filter((_, i) => !axes.includes(i)),
  );
});

/**
 * A slice starting at `begin` with `size` elements per axis (-1: to the end). Shorter
 * arrays cover the leading axes. Example: `tf.slice(x, [0, 1], [2, -1])`.
 */
export const slice = op(function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  const t = toTensor(x, "x", "slice");
  const b0 = typeof begin === "number" ? [begin] : [...begin];
  const s0 = size === undefined ? [] : typeof size === "number" ? [size] : [...size];
  if (!isIntArray(b0) || !isIntArray(s0) || b0.length > t.rank || s0.length > t.rank) {
    throw new ValueError(
      `Arguments 'begin' and 'size' of 'slice' must be integer arrays of length <= ${t.rank}, but got: ${describeValue(begin)} and ${describeValue(size)}`,
    );
  }
  const b = t.shape.map((_, i) => b0[i] ?? 0);
  const s = t.shape.map((d, i) => (s0[i] === undefined || s0[i] === -1 ? d - b[i]! : s0[i]!));
  for (let i = 0; i < t.rank; i++) {
    if (b[i]! < 0 || s[i]! < 0 || b[i]! + s[i]! > t.shape[i]!) {
      throw new ValueError(`Slice out of range on axis ${i} of a tensor of shape ${formatShape(t.shape)}: begin ${formatShape(b)}, size ${formatShape(s)}`);
    }
  }
  if (s.every((d, i) => d === t.shape[i])) return t;
  return runKernel("slice", [t], { begin: b, size: s }, s, t.dtype);
});

/** Zero padding: `paddings[i] = [before, after]` for each axis. Example: `tf.pad([1, 2], [[1, 0]])` is `[0, 1, 2]`. */
export const pad = op(function pad(x: TensorLike, paddings: readonly (readonly [number, number])[]): Tensor {
  const t = toTensor(x, "x", "pad");
  const ok =
    Array.isArray(paddings) &&
    paddings.length === t.rank &&
    paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!ok) {
    throw new ValueError(`Argument 'paddings' of 'pad' must hold ${t.rank} pairs of non-negative integers, but got: ${describeValue(paddings)}`);
  }
  const shape = t.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  return runKernel("pad", [t], { paddings: paddings.map((p) => [p[0], p[1]] as const) }, shape, t.dtype);
});

/** Joins tensors along `axis`. Example: `tf.concat([a, b], 0)`. */
export const concat = op(function concat(tensors: readonly TensorLike[], axis: number = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`Argument 'tensors' of 'concat' must be a non-empty array, but got: ${describeValue(tensors)}`);
  }
  const ts = tensors.map((x, i) => toTensor(x, `tensors[${i}]`, "concat"));
  const first = ts[0]!;
  if (first.rank === 0) throw new ValueError("'concat' cannot join scalars; use 'stack'");
  const a = normalizeAxis(axis, first.rank, "concat");
  for (const [i, t] of ts.entries()) {
    if (t.dtype !== first.dtype) {
      throw new TypeError(`'concat' needs tensors of one dtype: tensors[0] is ${first.dtype} but tensors[${i}] is ${t.dtype}`);
    }
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ValueError(
        `'concat' along axis ${a} needs matching shapes elsewhere: tensors[0] has shape ${formatShape(first.shape)} but tensors[${i}] has shape ${formatShape(t.shape)}`,
      );
    }
  }
  if (ts.length === 1) return first;
  const shape = [...first.shape];
  shape[a] = ts.reduce((n, t) => n + t.shape[a]!, 0);
  return runKernel("concat", ts, { axis: a }, shape, first.dtype);
});

/** Stacks tensors of one shape along a new `axis`. Example: `tf.stack([a, b])` has shape `[2, ...a.shape]`. */
export const stack = op(function stack(tensors: readonly TensorLike[], axis: number = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`Argument 'tensors' of 'stack' must be a non-empty array, but got: ${describeValue(tensors)}`);
  }
  const ts = tensors.map((x, i) => toTensor(x, `tensors[${i}]`, "stack"));
  const first = ts[0]!;
  for (const [i, t] of ts.entries()) {
    if (t.shape.length !== first.rank || t.shape.some((d, j) => d !== first.shape[j])) {
      throw new ValueError(
        `'stack' needs tensors of one shape: tensors[0] has shape ${formatShape(first.shape)} but tensors[${i}] has shape ${formatShape(t.shape)}`,
      );
    }
  }
  const a = normalizeAxis(axis, first.rank + 1, "stack");
  return concat(
    ts.map((t) => expandDims(t, a)),
    a,
  );
});

function indexTensor(indices: TensorLike, opName: string): Tensor {
  const t = toTensor(indices, "indices", opName, "int32");
  if (t.dtype === "int32") return t;
  if (t.dtype === "uint8") return cast(t, "int32");
  throw new TypeError(`Argument 'indices' of '${opName}' must be an int32 or uint8 tensor, but got a ${t.dtype} tensor`);
}

/**
 * Rows of `x` along `axis` picked by `indices`; the output shape is
 * `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. Example: `tf.gather(x, [2, 0])`.
 */
export const gather = op(function gather(x: TensorLike, indices: TensorLike, axis: number = 0): Tensor {
  const t = toTensor(x, "x", "gather");
  const idx = indexTensor(indices, "gather");
  const a = normalizeAxis(axis, t.rank, "gather");
  const n = t.shape[a]!;
  const data = idx.view().data;
  for (let i = 0; i < data.length; i++) {
    const k = data[i]!;
    if (k < 0 || k >= n)
      throw new ValueError(`'gather' index ${k} (indices element ${i}) is out of range [0, ${n}) for axis ${a} of shape ${formatShape(t.shape)}`);
  }
  const shape = [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)];
  return runKernel("gather", [t, idx], { axis: a }, shape, t.dtype);
});

/**
 * One-hot encoding along a new last axis; out-of-range indices give all-`offValue` rows.
 * Example: `tf.oneHot([0, 2], 3)` is `[[1, 0, 0], [0, 0, 1]]`.
 */
export const oneHot = op(function oneHot(indices: TensorLike, depth: number, onValue: number = 1, offValue: number = 0, dtype: DType = "float32"): Tensor {
  const idx = indexTensor(indices, "oneHot");
  if (!Number.isInteger(depth) || depth < 0)
    throw new ValueError(`Argument 'depth' of 'oneHot' must be a non-negative integer, but got: ${describeValue(depth)}`);
  const dt = parseDType(dtype);
  return runKernel("oneHot", [idx], { depth, onValue, offValue, dtype: dt }, [...idx.shape, depth], dt);
});

/** Broadcasts `x` to `shape` (NumPy rules). Example: `tf.broadcastTo([1, 2], [3, 2])`. */
export const broadcastTo = op(function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, "x", "broadcastTo");
  if (!isIntArray(shape) || shape.some((d) => d < 0)) {
    throw new ValueError(`Argument 'shape' of 'broadcastTo' must be an array of non-negative integers, but got: ${describeValue(shape)}`);
  }
  const offset = shape.length - t.rank;
  if (offset < 0 || t.shape.some((d, i) => d !== 1 && d !== shape[i + offset])) {
    throw new ValueError(`Cannot broadcast a tensor of shape ${formatShape(t.shape)} to shape ${formatShape(shape)}`);
  }
  if (offset === 0 && t.shape.every((d, i) => d === shape[i])) return t;
  return runKernel("broadcastTo", [t], { shape: [...shape] }, [...shape], t.dtype);
});

/**
 * The transpose of `gather`: a tensor with `dimSize` rows along `axis`, where row k is
 * the sum of the `updates` rows whose index is k. Used by gather's gradient.
 * Example: `scatterAdd([[1], [2], [3]], [0, 2, 0], 0, 3)` is `[[4], [0], [2]]`.
 */
export const scatterAdd = op(function scatterAdd(updates: TensorLike, indices: TensorLike, axis: number, dimSize: number): Tensor {
  const u = toTensor(updates, "updates", "scatterAdd");
  const idx = indexTensor(indices, "scatterAdd");
  const a = normalizeAxis(axis, u.rank - idx.rank + 1, "scatterAdd");
  const expected = u.shape.slice(a, a + idx.rank);
  if (expected.length !== idx.rank || expected.some((d, i) => d !== idx.shape[i])) {
    throw new ValueError(
      `'scatterAdd' needs updates of shape [...outer, ...indices.shape, ...inner]: updates ${formatShape(u.shape)}, indices ${formatShape(idx.shape)}, axis ${a}`,
    );
  }
  const data = idx.view().data;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! < 0 || data[i]! >= dimSize) throw new ValueError(`'scatterAdd' index ${data[i]} is out of range [0, ${dimSize})`);
  }
  const shape = [...u.shape.slice(0, a), dimSize, ...u.shape.slice(a + idx.rank)];
  return runKernel("scatterAdd", [u, idx], { axis: a, dimSize }, shape, u.dtype);
});
