/**
 * Bit-exact conversion between JS numbers / float32 and IEEE 754 binary16
 * ("float16", "half"). float16 values are carried as their 16 raw bits in a
 * number (0..65535) or a Uint16Array, because Node 20 has no Float16Array.
 *
 * Rounding is to nearest, ties to even, with gradual underflow (subnormals)
 * and overflow to infinity, which is what NumPy's `astype(np.float16)` does.
 *
 * NaN: every NaN encodes to the quiet NaN 0x7e00 with the input's sign bit
 * (0xfe00 for a negative NaN); payloads are dropped. Decoding keeps the
 * payload bits (0x7c01 decodes to float32 bits 0x7f802000, as NumPy does).
 * JavaScript does not promise to keep a NaN's sign through arithmetic, so the
 * sign of NaN is only reliable when it comes straight from stored bits.
 */

/** 2**52: adding then subtracting it rounds a double in [0, 2**52) to an integer, ties to even, using the FPU's own rounding. */
const TWO_52 = 4503599627370496;
/** Smallest normal float16, 2**-14: below it the spacing is fixed at 2**-24. */
const MIN_NORMAL = 2 ** -14;
/** Halfway between the largest float16 (65504) and 2**16; it and everything above round to infinity. */
const OVERFLOW = 65520;

/** Exact powers of two: POW2[k + 25] === 2**k for k in -25..24 (built by halving/doubling, so exact by construction). */
const POW2 = new Float64Array(50);
for (let k = 0, p = 1; k <= 25; k++, p /= 2) POW2[25 - k] = p;
for (let k = 1, p = 2; k <= 24; k++, p *= 2) POW2[25 + k] = p;

/** One buffer seen as a double and as two words, to read the sign bit of NaN and -0. */
const f64 = new Float64Array(1);
const u32OfF64 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Sign bit of a double as 0x8000 or 0, reading the bits so that -0 and negative NaN count. */
function signBit(x: number): number {
  f64[0] = x;
  return (u32OfF64[HI]! >>> 16) & 0x8000;
}

/**
 * The float16 bits of `x`, rounded to nearest, ties to even.
 *
 * `x` is rounded once, directly from its double value: there is no
 * intermediate float32 rounding, which would round twice and be wrong for a
 * few doubles (e.g. `1 + 2**-11 + 2**-40` gives 0x3c01 here, but 0x3c00 via
 * float32). For float32 inputs the result is the same as rounding from float32.
 *
 * Example: `float32ToFloat16Bits(1) === 0x3c00`, `float32ToFloat16Bits(65520) === 0x7c00`,
 * `float32ToFloat16Bits(-0) === 0x8000`, `float32ToFloat16Bits(NaN) === 0x7e00`.
 */
export function float32ToFloat16Bits(x: number): number {
  const sign = signBit(x);
  if (x !== x) return sign | 0x7e00;
  const a = Math.abs(x);
  if (a >= OVERFLOW) return sign | 0x7c00; // includes Infinity
  if (a < MIN_NORMAL) {
    // Subnormal range: a count of 2**-24 steps. Scaling by 2**24 is exact;
    // a round-up to 1024 yields 0x0400, the smallest normal, as it should.
    return sign | (a * 16777216 + TWO_52 - TWO_52);
  }
  // Math.log2 may be off by one near powers of two, so check against exact powers.
  let e = Math.floor(Math.log2(a));
  if (POW2[e + 25]! > a) e--;
  else if (POW2[e + 26]! <= a) e++;
  // 11 significant bits: m in [1024, 2048]. m = 2048 carries into the
  // exponent field through the addition below; it cannot reach infinity
  // because a < 65520 was checked above.
  const m = a * POW2[35 - e]! + TWO_52 - TWO_52; // a * 2**(10 - e), exact, then rounded
  return sign | (((e + 15) << 10) + m - 1024);
}

/**
 * The value of float16 bits as a number (exact; every float16 is a float32).
 * Only the low 16 bits of `bits` are used, as a Uint16Array store would.
 *
 * Example: `float16BitsToFloat32(0x3c00) === 1`, `float16BitsToFloat32(0x0001) === 2**-24`,
 * `float16BitsToFloat32(0xfc00) === -Infinity`.
 */
export function float16BitsToFloat32(bits: number): number {
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  let v: number;
  if (exp === 0)
    v = mant * POW2[1]!; // 2**-24
  else if (exp === 31) v = mant === 0 ? Infinity : NaN;
  else v = (mant + 1024) * POW2[exp]!; // 2**(exp - 25)
  return bits & 0x8000 ? -v : v;
}

/** Float32 bits of all 65536 float16 patterns, built on first use (256 KiB). */
let decodeTable: Uint32Array | undefined;

function getDecodeTable(): Uint32Array {
  if (decodeTable !== undefined) return decodeTable;
  const values = new Float32Array(65536);
  const bits = new Uint32Array(values.buffer);
  for (let h = 0; h < 65536; h++) {
    // NaNs are written as bits so the payload survives (a number would not keep it).
    if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) bits[h] = ((h & 0x8000) << 16) | 0x7f800000 | ((h & 0x3ff) << 13);
    else values[h] = float16BitsToFloat32(h);
  }
  decodeTable = bits;
  return bits;
}

/** Checks or allocates an output array of `length` elements. */
function output<T extends Uint16Array | Float32Array>(dst: T | undefined, ctor: new (n: number) => T, length: number): T {
  if (dst === undefined) return new ctor(length);
  if (!(dst instanceof ctor)) throw new TypeError(`Argument 'dst' must be a ${ctor.name}, but got: ${Object.prototype.toString.call(dst)}`);
  if (dst.length !== length) throw new RangeError(`Argument 'dst' must have length ${length} (the length of 'src'), but got length ${dst.length}`);
  return dst;
}

/**
 * Converts a whole array to float16 bits, writing into `dst` (or a new
 * Uint16Array) and returning it. `dst` must have `src.length` elements and
 * must not overlap `src`.
 *
 * A Float32Array is converted from its bit patterns with integer arithmetic
 * (fast, and a single rounding from float32). Any other array-like is treated
 * as doubles, element by element, exactly like `float32ToFloat16Bits`. Either
 * way each element equals `float32ToFloat16Bits(src[i])`.
 *
 * Example: `float32ArrayToFloat16(new Float32Array([1, -2, 65520]))` gives
 * `Uint16Array [0x3c00, 0xc000, 0x7c00]`.
 */
export function float32ArrayToFloat16(src: ArrayLike<number>, dst?: Uint16Array): Uint16Array {
  const n = src.length;
  const out = output(dst, Uint16Array, n);
  if (!(src instanceof Float32Array)) {
    for (let i = 0; i < n; i++) out[i] = float32ToFloat16Bits(src[i]!);
    return out;
  }
  const u = new Uint32Array(src.buffer, src.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const f = u[i]!;
    const sign = (f >>> 16) & 0x8000;
    const a = f & 0x7fffffff;
    let h: number;
    if (a > 0x7f800000)
      h = 0x7e00; // NaN
    else if (a >= 0x477ff000)
      h = 0x7c00; // >= 65520, and Infinity
    else if (a >= 0x38800000) {
      // Normal: add just under half an ulp, plus one if the kept part is odd
      // (ties to even), then drop 13 bits and rebias the exponent (127 -> 15).
      // A carry out of the mantissa bumps the exponent, which is correct.
      h = (a + 0xfff + ((a >>> 13) & 1) - 0x38000000) >>> 13;
    } else if (a > 0x33000000) {
      // Subnormal result (2**-25 < |x| < 2**-14): shift the 24-bit significand
      // right by 14..24 places, rounding to nearest even the same way.
      const s = 126 - (a >>> 23);
      const m = (a & 0x7fffff) | 0x800000;
      h = (m + (1 << (s - 1)) - 1 + ((m >>> s) & 1)) >>> s;
    } else h = 0; // |x| <= 2**-25: rounds to zero (2**-25 itself is a tie to even 0)
    out[i] = sign | h;
  }
  return out;
}

/**
 * Decodes a Uint16Array of float16 bits into `dst` (or a new Float32Array)
 * and returns it, by table lookup. `dst` must have `src.length` elements and
 * must not overlap `src`. NaN payloads are kept bit for bit.
 *
 * Example: `float16ArrayToFloat32(new Uint16Array([0x3c00, 0x0001]))` gives
 * `Float32Array [1, 5.960464477539063e-8]`.
 */
export function float16ArrayToFloat32(src: Uint16Array, dst?: Float32Array): Float32Array {
  const n = src.length;
  const out = output(dst, Float32Array, n);
  const table = getDecodeTable();
  // Copy bits, not numbers, so signalling NaNs are not quieted on the way.
  const u = new Uint32Array(out.buffer, out.byteOffset, n);
  for (let i = 0; i < n; i++) u[i] = table[src[i]!]!;
  return out;
}
