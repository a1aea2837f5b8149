/**
 * Reference kernels that move elements without arithmetic (transpose, broadcast,
 * slice, pad, concat, gather, one-hot). They copy raw storage, so 16-bit data moves
 * as bits and no dtype needs decoding.
 */
import { allocStorage, type Storage } from "../../dtype/index.js";
import type { Kernel, TensorView } from "../backend.js";
import { broadcastStrides, forEachRow, splitAround, stridesOf } from "../shape.js";
import { commitF32, computeKind, f32Target, readF32 } from "./float-io.js";

type Writable = { [i: number]: number; length: number };

/** Copies `src` read with `strides` (one per output dim) into `dst` laid out as `shape`. */
function gatherStrided(src: Storage, shape: readonly number[], strides: readonly number[], dst: Writable): void {
  const last = shape.length - 1;
  const step = last >= 0 ? strides[last]! : 0;
  forEachRow(shape, [strides], (o, [so], len) => {
    for (let i = 0; i < len; i++) dst[o + i] = src[so! + i * step]!;
  });
}

/** The data of `x` transposed by `perm`, in a new array. */
export function transposeData(x: TensorView, perm: readonly number[]): Storage {
  const own = stridesOf(x.shape);
  const outShape = perm.map((p) => x.shape[p]!);
  const dst = allocStorage(x.dtype, x.data.length);
  gatherStrided(
    x.data,
    outShape,
    perm.map((p) => own[p]!),
    dst,
  );
  return dst;
}

export const transposeKernel: Kernel<"transpose"> = (out, [x], { perm }) => {
  const own = stridesOf(x!.shape);
  gatherStrided(
    x!.data,
    out.shape,
    perm.map((p) => own[p]!),
    out.data,
  );
};

export const broadcastToKernel: Kernel<"broadcastTo"> = (out, [x]) => {
  gatherStrided(x!.data, out.shape, broadcastStrides(x!.shape, out.shape), out.data);
};

export const sliceKernel: Kernel<"slice"> = (out, [x], { begin }) => {
  const own = stridesOf(x!.shape);
  let start = 0;
  for (let i = 0; i < begin.length; i++) start += begin[i]! * own[i]!;
  const src = start === 0 ? x!.data : x!.data.subarray(start);
  gatherStrided(src, out.shape, own, out.data);
};

export const padKernel: Kernel<"pad"> = (out, [x], { paddings }) => {
  out.data.fill(0);
  const outStrides = stridesOf(out.shape);
  let start = 0;
  for (let i = 0; i < paddings.length; i++) start += paddings[i]![0] * outStrides[i]!;
  // Scatter x's rows into the interior of out: walk x's shape with out's strides.
  const src = x!.data;
  const dst = out.data;
  const last = x!.shape.length - 1;
  const step = last >= 0 ? outStrides[last]! : 0;
  forEachRow(x!.shape, [outStrides], (xo, [oo], len) => {
    for (let i = 0; i < len; i++) dst[start + oo! + i * step] = src[xo + i]!;
  });
};

export const concatKernel: Kernel<"concat"> = (out, inputs, { axis }) => {
  const [outer, , inner] = splitAround(out.shape, axis, axis);
  const rowOut = out.shape[axis]! * inner;
  let col = 0;
  for (const x of inputs) {
    const rowIn = x.shape[axis]! * inner;
    for (let o = 0; o < outer; o++) out.data.set(x.data.subarray(o * rowIn, (o + 1) * rowIn) as never, o * rowOut + col);
    col += rowIn;
  }
};

export const gatherKernel: Kernel<"gather"> = (out, [x, indices], { axis }) => {
  const [outer, n, inner] = splitAround(x!.shape, axis, axis);
  const idx = indices!.data;
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const k = idx[j]!;
      const from = (o * n + k) * inner;
      out.data.set(x!.data.subarray(from, from + inner) as never, (o * m + j) * inner);
    }
  }
};

/** The transpose of gather: rows of `updates` are summed into row `indices[j]` of the output. */
export const scatterAddKernel: Kernel<"scatterAdd"> = (out, [updates, indices], { axis, dimSize }) => {
  const idx = indices!.data;
  const m = idx.length;
  const [outer, , inner] = splitAround(updates!.shape, axis, axis + indices!.shape.length - 1);
  const kind = computeKind(out.dtype);
  const src = kind === "f32" ? readF32(updates!) : updates!.data;
  const acc: Writable = kind === "f32" ? f32Target(out) : out.data;
  for (let i = 0; i < acc.length; i++) acc[i] = 0;
  const add = kind === "f32" ? (a: number, b: number) => Math.fround(a + b) : (a: number, b: number) => a + b;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const to = (o * dimSize + idx[j]!) * inner;
      const from = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) acc[to + i] = add(acc[to + i]!, src[from + i]!);
    }
  }
  if (kind === "f32") commitF32(out, acc as Float32Array);
};

/** Out-of-range indices give rows of `offValue`, as in tf.one_hot. */
export const oneHotKernel: Kernel<"oneHot"> = (out, [indices], { depth, onValue, offValue }) => {
  const on = encodeScalar(out, onValue);
  const off = encodeScalar(out, offValue);
  out.data.fill(off);
  const idx = indices!.data;
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i]!;
    if (k >= 0 && k < depth) out.data[i * depth + k] = on;
  }
};

/** The storage value of `value` in `out`'s dtype (bits for 16-bit floats). */
function encodeScalar(out: TensorView, value: number): number {
  const one = { dtype: out.dtype, shape: [], data: allocStorage(out.dtype, 1) };
  if (computeKind(out.dtype) === "f32") commitF32(one, Float32Array.of(value));
  else one.data[0] = out.dtype === "bool" ? (value ? 1 : 0) : value;
  return one.data[0]!;
}
