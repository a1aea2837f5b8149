/**
 * Bit-exact conversion between JS numbers / float32 and bfloat16, the upper
 * 16 bits of a float32 (8 exponent bits, 7 stored mantissa bits). bfloat16
 * values are carried as their raw bits in a number (0..65535) or a Uint16Array.
 *
 * Rounding is from the float32 bit pattern to nearest, ties to even, as
 * PyTorch and TensorFlow do for float32 tensors. The same bit rounding covers
 * subnormals and overflow: float32 max (0x7f7fffff) rounds up to infinity,
 * exactly as `torch.tensor(3.4028235e38).to(torch.bfloat16)` does.
 *
 * NaN: every NaN encodes to the quiet NaN 0x7fc0 with the input's sign bit
 * (0xffc0 when negative), like Eigen/TensorFlow; payloads are dropped.
 * (PyTorch 1.13 gives 0x7fc0 from its scalar path but 0xffff from its
 * vectorized path, so NaN bits are not portable anyway.) Decoding is a plain
 * shift and keeps payloads. JavaScript does not promise to keep a NaN's sign
 * through arithmetic, so it is only reliable when it comes from stored bits.
 */

/** One buffer seen as a float32 and as its bits, for the scalar functions. */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds float32 bits `f` (as an unsigned integer) to bfloat16 bits. */
function roundBits(f: number): number {
  if ((f & 0x7fffffff) > 0x7f800000) return ((f >>> 16) & 0x8000) | 0x7fc0; // NaN
  // Add just under half an ulp of bfloat16, plus one when the kept part is odd
  // (ties to even), then keep the top 16 bits. A carry may run into the
  // exponent (correct, up to infinity); it cannot pass infinity because NaNs
  // were handled, so the sum stays below 2**32.
  return (f + 0x7fff + ((f >>> 16) & 1)) >>> 16;
}

/**
 * The bfloat16 bits of `x`.
 *
 * Double rounding, on purpose: `x` is first rounded to float32 (as
 * `Math.fround` does) and that float32 is then rounded to bfloat16, which is
 * what PyTorch/TensorFlow produce for a float32 tensor. For a few doubles
 * this differs from rounding the double directly (e.g. `1 + 2**-8 + 2**-30`
 * gives 0x3f80, i.e. 1, not 0x3f81); every float32 input is rounded once.
 *
 * Example: `float32ToBfloat16Bits(1) === 0x3f80`, `float32ToBfloat16Bits(-0) === 0x8000`,
 * `float32ToBfloat16Bits(3.4028234663852886e38) === 0x7f80` (infinity),
 * `float32ToBfloat16Bits(NaN) === 0x7fc0`.
 */
export function float32ToBfloat16Bits(x: number): number {
  f32[0] = x; // the store rounds to float32, ties to even
  return roundBits(u32[0]!);
}

/**
 * The value of bfloat16 bits as a number (exact; every bfloat16 is a float32).
 * Only the low 16 bits of `bits` are used, as a Uint16Array store would.
 *
 * Example: `bfloat16BitsToFloat32(0x3f80) === 1`, `bfloat16BitsToFloat32(0xc040) === -3`,
 * `bfloat16BitsToFloat32(0x7f80) === Infinity`.
 */
export function bfloat16BitsToFloat32(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/** Checks or allocates an output array of `length` elements. */
function output<T extends Uint16Array | Float32Array>(dst: T | undefined, ctor: new (n: number) => T, length: number): T {
  if (dst === undefined) return new ctor(length);
  if (!(dst instanceof ctor)) throw new TypeError(`Argument 'dst' must be a ${ctor.name}, but got: ${Object.prototype.toString.call(dst)}`);
  if (dst.length !== length) throw new RangeError(`Argument 'dst' must have length ${length} (the length of 'src'), but got length ${dst.length}`);
  return dst;
}

/**
 * Converts a whole array to bfloat16 bits, writing into `dst` (or a new
 * Uint16Array) and returning it. `dst` must have `src.length` elements and
 * must not overlap `src`. Each element equals `float32ToBfloat16Bits(src[i])`;
 * a Float32Array is read as bits, with no per-element number conversion.
 *
 * Example: `float32ArrayToBfloat16(new Float32Array([1, -3, 1 / 3]))` gives
 * `Uint16Array [0x3f80, 0xc040, 0x3eab]`.
 */
export function float32ArrayToBfloat16(src: ArrayLike<number>, dst?: Uint16Array): Uint16Array {
  const n = src.length;
  const out = output(dst, Uint16Array, n);
  if (src instanceof Float32Array) {
    const u = new Uint32Array(src.buffer, src.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = roundBits(u[i]!);
  } else {
    for (let i = 0; i < n; i++) out[i] = float32ToBfloat16Bits(src[i]!);
  }
  return out;
}

/**
 * Decodes a Uint16Array of bfloat16 bits into `dst` (or a new Float32Array)
 * and returns it. `dst` must have `src.length` elements and must not overlap
 * `src`. Bits are shifted, not converted, so NaN payloads are kept.
 *
 * Example: `bfloat16ArrayToFloat32(new Uint16Array([0x3f80, 0xc040]))` gives
 * `Float32Array [1, -3]`.
 */
export function bfloat16ArrayToFloat32(src: Uint16Array, dst?: Float32Array): Float32Array {
  const n = src.length;
  const out = output(dst, Float32Array, n);
  const u = new Uint32Array(out.buffer, out.byteOffset, n);
  for (let i = 0; i < n; i++) u[i] = src[i]! << 16;
  return out;
}
