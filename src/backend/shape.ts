/** Shape arithmetic shared by kernels and ops. */

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/**
 * Strides for reading an input of `shape` broadcast to `outShape` (NumPy rules:
 * shapes align on the right; a dimension of 1 repeats with stride 0).
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, i) => {
    const j = i - offset;
    if (j < 0) return 0;
    return shape[j] === 1 ? 0 : own[j]!;
  });
}

/**
 * Splits an array of `shape` around the axis range [lo, hi] into [outer, mid, inner]
 * sizes: the layout reductions, softmax and concatenation iterate over.
 */
export function splitAround(shape: readonly number[], lo: number, hi: number): [number, number, number] {
  return [sizeOf(shape.slice(0, lo)), sizeOf(shape.slice(lo, hi + 1)), sizeOf(shape.slice(hi + 1))];
}

/**
 * Calls `row(outOffset, inOffsets, length)` for every innermost row of `outShape`,
 * with each input's offset for that row; `inStrides[k]` are input k's broadcast strides.
 * The innermost stride of each input is `inStrides[k][rank - 1]` (0 or 1 ... or more).
 */
export function forEachRow(
  outShape: readonly number[],
  inStrides: readonly (readonly number[])[],
  row: (outOffset: number, inOffsets: readonly number[], length: number) => void,
): void {
  const rank = outShape.length;
  const k = inStrides.length;
  const offsets = new Array<number>(k).fill(0);
  if (rank === 0) {
    row(0, offsets, 1);
    return;
  }
  const length = outShape[rank - 1]!;
  const rows = sizeOf(outShape) / (length || 1);
  if (length === 0 || rows === 0) return;
  const index = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    row(r * length, offsets, length);
    // Advance the odometer over the outer dimensions.
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      for (let j = 0; j < k; j++) offsets[j]! += inStrides[j]![d]!;
      if (index[d]! < outShape[d]!) break;
      for (let j = 0; j < k; j++) offsets[j]! -= inStrides[j]![d]! * outShape[d]!;
      index[d] = 0;
    }
  }
}
