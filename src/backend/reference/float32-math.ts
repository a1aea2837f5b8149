/**
 * Float32 transcendental functions for the reference backend.
 *
 * WHY THIS FILE EXISTS
 * --------------------
 * The reference backend defines the numerics of kerats: elementwise ops on
 * float32/float16/bfloat16 data compute in float32 and then round to the
 * storage dtype. A native (C++ AVX-512) backend must reproduce elementwise
 * results BIT FOR BIT. `Math.fround(Math.exp(x))` cannot be reproduced by a
 * SIMD float32 kernel (V8's double `exp` is not specified to the last bit),
 * so every function here is a float32 algorithm built only from operations
 * that JavaScript and C++/SIMD perform identically:
 *
 *  1. One float32 `+ - * /` at a time, each immediately rounded with
 *     `Math.fround`. For float32 operands the double result of ONE such
 *     operation, rounded to float32, is the IEEE float32 result (double has
 *     more than 2*24+2 significand bits), so `fround(a op b)` == `a op b` in
 *     C++ `float`. Two operations are never fused before a rounding: no
 *     `fround(a*b+c)`, and no FMA on the C++ side.
 *  2. `Math.sqrt` of a float32 followed by `fround` (== `sqrtf`). (Unused so
 *     far, but allowed.)
 *  3. Exact operations: comparisons, `Math.abs`, negation, selection,
 *     integer arithmetic on bit patterns (`floatBits` / `bitsToFloat` through
 *     a shared Float32Array/Int32Array view; in C++ a bit_cast / vector
 *     reinterpret), and building 2^n from its exponent field.
 *  4. Rounding to an integer uses the float32 "magic number" trick
 *     `fround(fround(t + 12582912) - 12582912)` (12582912 = 1.5 * 2^23),
 *     which is round-half-to-even for |t| < 2^22 and is trivially the same in
 *     C++ (`(t + 0x1.8p23f) - 0x1.8p23f`, or `_mm512_roundscale_ps` with
 *     round-to-nearest-even). `Math.round` is never used (it rounds half up).
 *  5. No `Math.exp/log/tanh/pow/expm1/log1p/...` anywhere in this file.
 *
 * RULES FOR THE C++ / SIMD PORT (must mirror this file operation by operation)
 * ---------------------------------------------------------------------------
 *  - Compile with `-ffp-contract=off`, no `-ffast-math` / `-Ofast`,
 *    no `-freciprocal-math`, no `-fassociative-math`: every `fround(...)` below
 *    is exactly one float32 IEEE operation in the same order. Do not replace a
 *    division by a multiplication with a reciprocal (e.g. `2 / d`, `c / u`,
 *    `p / t` must stay `vdivps`), and do not use `rcp14`/`rsqrt14`.
 *  - Keep subnormals: MXCSR FTZ and DAZ must be OFF (exp/sigmoid/softplus/gelu
 *    return subnormal results, and log/log1p accept subnormal inputs).
 *  - Round-to-nearest-even mode (the default).
 *  - Constants are given as float32 bit patterns (`f32(0x...)`); use exactly
 *    those bits.
 *  - Integer shifts: `>>` below is an arithmetic shift of an int32, `>>>`
 *    a logical one; `(k + 127) << 23` builds 2^k for k in [-126, 127].
 *  - Branches on input ranges (piecewise polynomials, special cases) become
 *    masked blends in SIMD; the selected path must compute the same
 *    operations. Computing the other branch too is fine as long as its
 *    (possibly garbage) lanes are discarded.
 *  - Inputs are first rounded to float32 (`fround(x)`); C++ receives floats.
 *  - NaN payloads/signs are not part of the contract (any NaN is fine); every
 *    other bit, including the sign of zero, is.
 *  - Allowed bit-identical shortcuts: `expParts(a, 0)` may drop `b`
 *    (`a + 0` and `k*LN2_LO - 0` change nothing that matters), and
 *    `scaleByPow2` may use any single correctly rounded y*2^k (e.g.
 *    `vscalefps`), since that is what the exact-then-rounding two-step
 *    computes. The Fast2Sum error terms (sigmoid, tanh, expm1's `c`, log1p's
 *    `c`) must be computed literally, never algebraically simplified.
 *
 * ALGORITHMS AND COEFFICIENTS
 * ---------------------------
 * The structure follows Sun fdlibm as carried by FreeBSD msun (e_expf.c,
 * s_expm1f.c, k_logf.h, s_log1pf.c): Cody-Waite range reduction with a
 * ln2 hi/lo split, the `r*c/(2-c)` exp kernel, the expm1 rational kernel and
 * the `s = f/(2+f)` log kernel. All polynomial coefficients were derived for
 * this file: minimax (Remez exchange in mpmath, 40 digits) on the stated
 * interval and weight, then rounded to float32 one coefficient at a time while
 * re-optimising the remaining ones (Remez, or a linear-programming minimax on
 * a dense grid for the M(t) pieces). The resulting approximation errors are
 * quoted next to each table and are far below float32 resolution; the exp,
 * expm1 and log sets are close to, but not identical with, the published
 * FreeBSD float coefficients. erf and gelu are an own design (see `erfF32`,
 * `geluF32` and the M(t) tables): exp(-x^2) from an exact split of x^2 times a
 * scaled normal tail M(t) = t Phi(-t) e^(t^2/2), which keeps relative accuracy
 * for erfc-like tails down to the subnormal range.
 *
 * MEASURED ACCURACY: max |result - exact| in float32 ulps of the exact value
 * (ulp of a subnormal = 2^-149), over every float32 input of the non-trivial
 * range (exp/expm1/sigmoid/softplus: 2^-26 <= |x| <= 128; log: all x > 0;
 * log1p: 2^-26 <= |x|, x > -1; tanh: 2^-14 <= x <= 16 and erf:
 * 2^-30 <= x <= 4, both exactly odd; gelu: 2^-30 <= |x| <= 16; outside these
 * ranges results are constants or x-like and covered by spot tests), against
 * Math.* in double or a series/continued-fraction double erf:
 *   expF32 0.91, expm1F32 0.82, logF32 0.83, log1pF32 0.83, tanhF32 1.09,
 *   sigmoidF32 1.97, softplusF32 1.62, erfF32 1.19, geluF32 2.02.
 * test/backend/reference/float32-math.test.ts re-checks this on ~1.2M samples.
 */

const fround = Math.fround;

// Shared scratch for bit access (no allocation per call).
const scratchF32 = new Float32Array(1);
const scratchI32 = new Int32Array(scratchF32.buffer);

/** Bit pattern (as int32) of a float32 value. */
function floatBits(x: number): number {
  scratchF32[0] = x;
  return scratchI32[0]!;
}

/** float32 value of an int32 bit pattern. */
function bitsToFloat(bits: number): number {
  scratchI32[0] = bits;
  return scratchF32[0]!;
}

/** Module-level constant from its float32 bit pattern. */
function f32(bits: number): number {
  return bitsToFloat(bits | 0);
}

/** 2^k for integer k in [-126, 127] (exponent-field construction). */
function pow2(k: number): number {
  return bitsToFloat((k + 127) << 23);
}

/** Round a float32 (|t| < 2^22) to the nearest integer, ties to even. */
function roundToInt(t: number): number {
  return fround(fround(t + 12582912) - 12582912);
}

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

const INV_LN2 = f32(0x3fb8aa3b); // 1.4426950 = fround(1/ln 2)
// ln 2 = LN2_HI + LN2_LO. LN2_HI has 15 significant bits, so k * LN2_HI is
// exact for |k| < 2^9, and x - k*LN2_HI is exact in the range reduction.
const LN2_HI = f32(0x3f317200); // 0.693145751953125
const LN2_LO = f32(0x35bfbe8e); // 1.4286068e-6
const TWO_P127 = f32(0x7f000000); // 2^127
const TWO_M64 = f32(0x1f800000); // 2^-64
const TWO_P25 = f32(0x4c000000); // 2^25
const TWO_M13 = f32(0x39000000); // 2^-13
const TWO_M24 = f32(0x33800000); // 2^-24
const TWO_M25 = f32(0x33000000); // 2^-25
const SQRT2 = f32(0x3fb504f3); // 1.4142135

/** Largest float32 x with finite exp(x) (next float up overflows). */
const EXP_MAX_ARG = f32(0x42b17217); // 88.72283
/** exp(x) < 2^-150 (rounds to +0) for all float32 x below this. */
const EXP_MIN_ARG = f32(0xc2d00000); // -104
/** |x| > 0.5*ln2: expm1 needs argument reduction. */
const HALF_LN2 = f32(0x3eb17218); // 0.34657359
/** expm1(x) rounds to -1 below this (e^x < 2^-25). */
const EXPM1_MIN_ARG = f32(0xc18c0000); // -17.5

// exp kernel: on |r| <= 0.3468, r*(e^r+1)/(e^r-1) - 2 ~= P1 r^2 + P2 r^4.
// Relative error contributed to e^r: 5.4e-10 (2^-30.8).
// (FreeBSD e_expf.c: P1 = 0xaaaa8f.0p-26, P2 = -0xb55215.0p-32.)
const EXP_P1 = f32(0x3e2aaa8a); // 1.6666618e-01
const EXP_P2 = f32(0xbb3545eb); // -2.7660083e-03

// expm1 kernel: on |r| <= 0.3468,
// 6/r*(1 + 2*(1/(e^r-1) - 1/r)) ~= 1 + (Q1/2) r^2 + (Q2/4) r^4,
// absolute error 6.7e-10 (2^-30.5). (FreeBSD s_expm1f.c: Q1 = -0x888868.0p-28,
// Q2 = 0xcf3010.0p-33.)
const EXPM1_Q1 = f32(0xbd088868); // -3.3333212e-02
const EXPM1_Q2 = f32(0x3acf2ffa); // 1.5807145e-03

// log kernel: with s = f/(2+f), |s| <= 0.17158, z = s^2,
// (log((1+s)/(1-s)) - 2s)/s ~= LG1 z + LG2 z^2 + LG3 z^3 + LG4 z^4,
// absolute error 5.1e-11 (2^-34.2). (FreeBSD k_logf.h: Lg1..Lg4.)
const LG1 = f32(0x3f2aaaaa); // 6.666666e-01
const LG2 = f32(0x3eccce0a); // 4.0000945e-01
const LG3 = f32(0x3e91ee43); // 2.8502092e-01
const LG4 = f32(0x3e77b1c7); // 2.418891e-01
/** Mantissa bits of sqrt(2): normalise m to [sqrt(1/2), sqrt(2)). */
const SQRT2_MANTISSA = 0x3504f3;
const SQRT1_2_M1 = f32(0xbe95f61a); // fround(sqrt(1/2) - 1) = -0.29289323
const SQRT2_M1 = f32(0x3ed413cd); // fround(sqrt(2) - 1) = 0.41421357

// tanh: on |x| <= 0.6251, (tanh(x) - x)/x^3 ~= T0 + T1 z + ... + T5 z^5,
// z = x^2; relative error of tanh 1.8e-10 (2^-32.4).
const TANH_POLY_MAX = f32(0x3f200000); // 0.625
const TANH_ONE_ARG = f32(0x41120000); // 9.125: tanh(|x|) rounds to 1 above ~9.011
const TANH_T0 = f32(0xbeaaaaaa); // -3.333333e-01
const TANH_T1 = f32(0x3e08883d); // 1.3333221e-01
const TANH_T2 = f32(0xbd5cf8c4); // -5.394818e-02
const TANH_T3 = f32(0x3cb1d2a8); // 2.1706894e-02
const TANH_T4 = f32(0xbc062f68); // -8.1900135e-03
const TANH_T5 = f32(0x3b0d140b); // 2.152684e-03

// erf, small |x|: on |x| <= 0.875, erf(x)/x - 1 ~= E0 + E1 z + ... + E6 z^6,
// z = x^2; relative error of erf 1.0e-9 (2^-29.9).
const ERF_POLY_MAX = f32(0x3f600000); // 0.875
const ERF_ONE_ARG = f32(0x40800000); // 4: erf(|x|) rounds to 1 above ~3.92
const ERF_E0 = f32(0x3e0375d4); // 1.2837917e-01 (~ 2/sqrt(pi) - 1)
const ERF_E1 = f32(0xbec093a0); // -3.761263e-01
const ERF_E2 = f32(0x3de716ae); // 1.1283623e-01
const ERF_E3 = f32(0xbcdbffc0); // -2.685535e-02
const ERF_E4 = f32(0x3baa176a); // 5.1907795e-03
const ERF_E5 = f32(0xba524e2e); // -8.022514e-04
const ERF_E6 = f32(0x38a46e98); // 7.840729e-05

// gelu, small |x|: on |x| <= 0.75, erf(x/sqrt2)/(2x) ~= S0 + S1 z + ... + S5 z^5,
// z = x^2, so gelu(x) = 0.5x + x*(x*S(z)) = x*(0.5 + x*S(z)); error relative
// to |gelu(-|x|)| 1.9e-9 (2^-29.0).
const GELU_POLY_MAX = f32(0x3f400000); // 0.75
const GELU_IDENTITY_ARG = f32(0x41200000); // 10: gelu(x) == x above
const GELU_ZERO_ARG = f32(0xc1700000); // -15: gelu(x) == -0 below (underflow)
const GELU_S0 = f32(0x3ecc422a); // 3.989423e-01 (~ 1/sqrt(2 pi))
const GELU_S1 = f32(0xbd882c4c); // -6.649074e-02
const GELU_S2 = f32(0x3c237608); // 9.976871e-03
const GELU_S3 = f32(0xba9d49f7); // -1.2000193e-03
const GELU_S4 = f32(0x390f705d); // 1.3679401e-04
const GELU_S5 = f32(0xb7ba1dc6); // -2.2186792e-05

// Scaled normal tail M(t) = t * Phi(-t) * exp(t^2/2) (= t * erfcx(t/sqrt2)/2),
// for t in [0.75, 16]. Three polynomials of degree 8 in d = t - c_j on
// [0.75, 1.5), [1.5, 2.5), [2.5, 4), with centres c_j chosen so that M(c_j) is
// within 1e-11 relative of a float32 (d is exact by Sterbenz' lemma), and a
// polynomial of degree 8 in w = 1/t^2 on [4, 16]. After each coefficient is
// rounded to float32 the remaining ones are refitted (pieces: linear-programming
// minimax on a dense grid; tail: Remez). Relative errors: 2.1e-10, 3.2e-10,
// 2.8e-10, 1.0e-9.
const M_SPLIT_1 = f32(0x3fc00000); // 1.5
const M_SPLIT_2 = f32(0x40200000); // 2.5
const M_SPLIT_TAIL = f32(0x40800000); // 4
const M_CENTER = [f32(0x3f8edf80), f32(0x40026b40), f32(0x404dc6c0)]; // 1.1161957, 2.037796, 3.2152557
const M_PIECES = new Float64Array(
  [
    // [0.75, 1.5), d = t - 1.1161957
    0x3e8cd372, 0x3ddd73a7, 0xbd822361, 0x3cf93987, 0xbc4ff203, 0x3b9c4fd1, 0xbad82e00, 0x3a10131c, 0xb9308532,
    // [1.5, 2.5), d = t - 2.037796
    0x3eacf263, 0x3d2880b3, 0xbc9d9c9e, 0x3bf5c5c5, 0xbb29e1e8, 0x3a565d63, 0xb97c3855, 0x3892afaf, 0xb7918a62,
    // [2.5, 4), d = t - 3.2152557
    0x3ebc828b, 0x3c7fd1a3, 0xbbb961b8, 0x3ae48bdf, 0xb9fddf4f, 0x39026521, 0xb7fce2f9, 0x36f5ddcb, 0xb5cddb24,
  ].map(f32),
);
const M_TAIL = new Float64Array(
  [
    // [4, 16], polynomial in w = 1/t^2
    0x3ecc422a, 0xbecc42e8, 0x3f995370, 0xc0c264d3, 0x423886c7, 0xc3f08878, 0x459ea6b7, 0xc71116b9, 0x47f45022,
  ].map(f32),
);
const M_DEGREE = 8;

// ---------------------------------------------------------------------------
// Internal kernels
// ---------------------------------------------------------------------------

/**
 * y * 2^k for a float32 y in [0.125, 2) and integer k in [-190, 128], with a
 * single rounding: the first multiplication of the two-step forms is exact,
 * so the result is y*2^k correctly rounded (gradual underflow to subnormals,
 * overflow to +Infinity).
 */
function scaleByPow2(y: number, k: number): number {
  if (k > 127) return fround(fround(y * TWO_P127) * pow2(k - 127));
  if (k < -126) return fround(fround(y * pow2(k + 64)) * TWO_M64);
  return fround(y * pow2(k));
}

// Outputs of expParts (module-level, so no allocation per call).
let partK = 0;
let partT = 0;

/**
 * Sets partK (integer) and partT (float32, |partT| < 0.42) such that
 * exp(a + b) ~= 2^partK * (1 + partT), for a float32 `a` (|a| < 512,
 * a + b >= -131 so that partK >= -190) and a small float32 correction `b`
 * (|b| <= 0.07) carrying low-order bits of the argument that do not fit in
 * `a` (erf/gelu use it for exp(-x^2) with x^2 split exactly).
 *
 * Range reduction: k = round((a+b)/ln2); hi = a - k*LN2_HI (exact);
 * lo = k*LN2_LO - b; r = hi - lo; e^r = 1 + r + r*c/(2-c) with
 * c = r - (P1 r^2 + P2 r^4), and T = (r*c/(2-c) - lo) + hi, so the rounding
 * error of r is not lost (fdlibm's trick).
 */
function expParts(a: number, b: number): void {
  const kf = roundToInt(fround(fround(a + b) * INV_LN2));
  const hi = fround(a - fround(kf * LN2_HI));
  const lo = fround(fround(kf * LN2_LO) - b);
  const r = fround(hi - lo);
  const rr = fround(r * r);
  const c = fround(r - fround(rr * fround(EXP_P1 + fround(rr * EXP_P2))));
  const q = fround(fround(r * c) / fround(2 - c));
  partT = fround(fround(q - lo) + hi);
  partK = kf | 0;
}
/** exp(a + b) as a float32 (see expParts): 2^k * fround(1 + T). */
function expCore(a: number, b: number): number {
  expParts(a, b);
  return scaleByPow2(fround(1 + partT), partK);
}

/**
 * log(1 + f) + k*ln2 + c for f in [sqrt(1/2)-1, sqrt(2)-1], small integer k
 * and a small correction c (c = 0 for log). fdlibm's formulation:
 * s = f/(2+f), R = LG1 z + ... + LG4 z^4, hfsq = f^2/2,
 * result = k*LN2_HI - ((hfsq - (s*(hfsq + R) + (k*LN2_LO + c))) - f).
 */
function logCore(k: number, f: number, c: number): number {
  const s = fround(f / fround(2 + f));
  const z = fround(s * s);
  const w = fround(z * z);
  const t1 = fround(w * fround(LG2 + fround(w * LG4)));
  const t2 = fround(z * fround(LG1 + fround(w * LG3)));
  const R = fround(t2 + t1);
  const hfsq = fround(fround(0.5 * f) * f);
  const sR = fround(s * fround(hfsq + R));
  const low = fround(sR + fround(fround(k * LN2_LO) + c));
  return fround(fround(k * LN2_HI) - fround(fround(hfsq - low) - f));
}

/** exp(-a*a) for 0 <= a <= 4, with a*a split exactly into hi + lo parts. */
function expNegSquare(a: number): number {
  const ah = bitsToFloat(floatBits(a) & 0xfffff000); // 12 significant bits
  const al = fround(a - ah); // exact, <= 12 significant bits
  const hi = fround(ah * ah); // exact
  const lo = fround(fround(fround(2 * ah) * al) + fround(al * al)); // 2*ah*al and al^2 exact
  return expCore(-hi, -lo);
}

/** Sets partK/partT so that exp(-a*a/2) = 2^partK * (1 + partT), 0 <= a <= 16. */
function expNegHalfSquareParts(a: number): void {
  const ah = bitsToFloat(floatBits(a) & 0xfffff000);
  const al = fround(a - ah);
  const hi = fround(fround(ah * ah) * 0.5); // exact
  const lo = fround(fround(ah * al) + fround(fround(al * al) * 0.5));
  expParts(-hi, -lo);
}

/** M(t) = t * Phi(-t) * exp(t^2/2) for t in [0.75, 16] (see the tables). */
function normalTailScaled(t: number): number {
  if (t < M_SPLIT_TAIL) {
    const j = t < M_SPLIT_1 ? 0 : t < M_SPLIT_2 ? 1 : 2;
    const d = fround(t - M_CENTER[j]!); // exact (Sterbenz)
    const base = j * (M_DEGREE + 1);
    let p = M_PIECES[base + M_DEGREE]!;
    for (let i = M_DEGREE - 1; i >= 0; i--) p = fround(fround(p * d) + M_PIECES[base + i]!);
    return p;
  }
  const w = fround(1 / fround(t * t));
  let p = M_TAIL[M_DEGREE]!;
  for (let i = M_DEGREE - 1; i >= 0; i--) p = fround(fround(p * w) + M_TAIL[i]!);
  return p;
}

// ---------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------

/**
 * e^x in float32. Max error 0.91 ulp; subnormal results
 * are produced by gradual underflow (single rounding); x > 88.72283 gives
 * +Infinity, x < -103.97 gives +0.
 * Special values: exp(-Infinity) = 0, exp(Infinity) = Infinity,
 * exp(NaN) = NaN, exp(-0) = 1.
 *
 * @example expF32(1) === Math.fround(Math.E) // 2.7182817
 */
export function expF32(x: number): number {
  x = fround(x);
  if (x !== x) return x;
  if (x > EXP_MAX_ARG) return Infinity;
  if (x < EXP_MIN_ARG) return 0;
  return expCore(x, 0);
}

/**
 * e^x - 1 in float32, accurate near 0 (no cancellation). Max error 0.82 ulp.
 * Special values: expm1(-0) = -0, expm1(-Infinity) = -1,
 * expm1(Infinity) = Infinity, expm1(NaN) = NaN; x > 88.72283 overflows.
 *
 * @example expm1F32(1e-10) === Math.fround(1e-10)
 */
export function expm1F32(x: number): number {
  x = fround(x);
  if (x !== x) return x;
  if (x > EXP_MAX_ARG) return Infinity;
  if (x < EXPM1_MIN_ARG) return -1;
  const ax = Math.abs(x);
  if (ax < TWO_M25) return x; // expm1(x) rounds to x (keeps -0 and subnormals)

  // Argument reduction x = k*ln2 + r + c, |r| <= ~0.5 ln2, c = rounding error of r.
  let k = 0;
  let r = x;
  let c = 0;
  if (ax > HALF_LN2) {
    const kf = roundToInt(fround(x * INV_LN2));
    k = kf | 0;
    const hi = fround(x - fround(kf * LN2_HI)); // exact
    const lo = fround(kf * LN2_LO);
    r = fround(hi - lo);
    c = fround(fround(hi - r) - lo);
  }

  // expm1(r) = r + r^2/2 + r^3 * E, with the rational kernel of fdlibm.
  const hfx = fround(0.5 * r);
  const hxs = fround(r * hfx);
  const r1 = fround(1 + fround(hxs * fround(EXPM1_Q1 + fround(hxs * EXPM1_Q2))));
  const t = fround(3 - fround(r1 * hfx));
  let e = fround(hxs * fround(fround(r1 - t) / fround(6 - fround(r * t))));
  if (k === 0) return fround(r - fround(fround(r * e) - hxs));

  e = fround(fround(r * fround(e - c)) - c);
  e = fround(e - hxs);
  if (k === -1) return fround(fround(0.5 * fround(r - e)) - 0.5);
  if (k === 1) {
    if (r < -0.25) return fround(-2 * fround(e - fround(r + 0.5)));
    return fround(1 + fround(2 * fround(r - e)));
  }
  if (k <= -2 || k > 56) {
    // 2^k * (1 + expm1(r)) - 1, where the final -1 is either exact-enough or negligible.
    let y = fround(1 - fround(e - r));
    y = k === 128 ? fround(fround(y * 2) * TWO_P127) : fround(y * pow2(k));
    return fround(y - 1);
  }
  if (k < 23) {
    const oneMinus = bitsToFloat(0x3f800000 - (0x1000000 >> k)); // 1 - 2^-k
    const y = fround(oneMinus - fround(e - r));
    return fround(y * pow2(k));
  }
  const y = fround(fround(r - fround(e + pow2(-k))) + 1);
  return fround(y * pow2(k));
}

/**
 * Natural logarithm in float32. Max error 0.83 ulp; subnormal inputs handled.
 * Special values: log(+-0) = -Infinity, log(x < 0) = NaN,
 * log(Infinity) = Infinity, log(NaN) = NaN, log(1) = +0.
 *
 * @example logF32(2) === Math.fround(Math.LN2) // 0.6931472
 */
export function logF32(x: number): number {
  x = fround(x);
  if (!(x > 0)) return x === 0 ? -Infinity : NaN; // negative, +-0 or NaN
  if (x === Infinity) return x;
  let ix = floatBits(x);
  let k = 0;
  if (ix < 0x00800000) {
    // subnormal: scale into the normal range (exact)
    ix = floatBits(fround(x * TWO_P25));
    k = -25;
  }
  k += (ix >> 23) - 127;
  const m = ix & 0x007fffff;
  let xn: number;
  if (m >= SQRT2_MANTISSA) {
    k += 1;
    xn = bitsToFloat(m | 0x3f000000); // in [sqrt(1/2), 1)
  } else {
    xn = bitsToFloat(m | 0x3f800000); // in [1, sqrt(2))
  }
  return logCore(k, fround(xn - 1), 0);
}

/**
 * log(1 + x) in float32, accurate near 0 (no cancellation). Max error 0.83 ulp.
 * Special values: log1p(-1) = -Infinity, log1p(x < -1) = NaN,
 * log1p(-0) = -0, log1p(Infinity) = Infinity, log1p(NaN) = NaN.
 *
 * @example log1pF32(1) === Math.fround(Math.LN2)
 */
export function log1pF32(x: number): number {
  x = fround(x);
  if (!(x > -1)) return x === -1 ? -Infinity : NaN; // also NaN
  if (x === Infinity) return x;
  if (Math.abs(x) < TWO_M24) return x; // log1p(x) rounds to x (keeps -0, subnormals)
  if (x > SQRT1_2_M1 && x < SQRT2_M1) return logCore(0, x, 0);

  // u = fround(1 + x); c = (1 + x - u) exactly, used as the correction c/u.
  const u = fround(1 + x);
  const iu = floatBits(u);
  let k = (iu >> 23) - 127;
  let c = k > 0 ? fround(1 - fround(u - x)) : fround(x - fround(u - 1));
  c = fround(c / u);
  const m = iu & 0x007fffff;
  let un: number;
  if (m >= SQRT2_MANTISSA) {
    k += 1;
    un = bitsToFloat(m | 0x3f000000);
  } else {
    un = bitsToFloat(m | 0x3f800000);
  }
  return logCore(k, fround(un - 1), c);
}

/**
 * Hyperbolic tangent in float32. Max error 1.09 ulp; relative accuracy near 0.
 * Odd polynomial for |x| < 0.625, else 1 - 2/(e^(2|x|) + 1).
 * Special values: tanh(+-Infinity) = +-1, tanh(-0) = -0, tanh(NaN) = NaN.
 *
 * @example tanhF32(0.5) === Math.fround(Math.tanh(0.5)) // 0.46211717
 */
export function tanhF32(x: number): number {
  x = fround(x);
  const ax = Math.abs(x);
  if (!(ax <= TANH_ONE_ARG)) return x !== x ? x : x > 0 ? 1 : -1;
  if (ax < TWO_M13) return x; // tanh(x) rounds to x
  if (ax < TANH_POLY_MAX) {
    const z = fround(x * x);
    let p = fround(fround(TANH_T5 * z) + TANH_T4);
    p = fround(fround(p * z) + TANH_T3);
    p = fround(fround(p * z) + TANH_T2);
    p = fround(fround(p * z) + TANH_T1);
    p = fround(fround(p * z) + TANH_T0);
    return fround(x + fround(x * fround(z * p)));
  }
  // 1 - 2/(e + 1), e = e^(2|x|) >= 3, with the rounding error of e + 1
  // recovered exactly (Fast2Sum): 2/(s + err) ~= q - q*(err/s), q = 2/s.
  const e = expCore(fround(2 * ax), 0);
  const s = fround(e + 1);
  const err = fround(1 - fround(s - e));
  const q = fround(2 / s);
  const y = fround(1 - fround(q - fround(q * fround(err / s))));
  return x < 0 ? -y : y;
}

/**
 * Logistic sigmoid 1/(1+e^-x) in float32. Max error 1.97 ulp. Uses e = e^-|x|
 * (so large negative inputs give tiny, down to subnormal, values instead of an
 * early 0) and divides by 1 + e with the rounding error of that sum recovered
 * exactly (Fast2Sum), i.e. num/(s + err) ~= q - q*(err/s), q = num/s.
 * Special values: sigmoid(-Infinity) = 0, sigmoid(Infinity) = 1,
 * sigmoid(+-0) = 0.5, sigmoid(NaN) = NaN.
 *
 * @example sigmoidF32(0) === 0.5
 */
export function sigmoidF32(x: number): number {
  x = fround(x);
  if (x !== x) return x;
  const e = expF32(-Math.abs(x)); // in [0, 1]
  const s = fround(1 + e);
  const err = fround(e - fround(s - 1)); // exact: 1 + e == s + err
  const q = fround((x >= 0 ? 1 : e) / s);
  return fround(q - fround(q * fround(err / s)));
}

/**
 * softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|) in float32.
 * Max error 1.62 ulp. softplus(-100) is ~3.7e-44 (subnormal), not 0;
 * softplus(x) == x for large x.
 * Special values: softplus(-Infinity) = 0, softplus(Infinity) = Infinity,
 * softplus(NaN) = NaN.
 *
 * @example softplusF32(0) === Math.fround(Math.LN2)
 */
export function softplusF32(x: number): number {
  x = fround(x);
  if (x !== x) return x;
  const l = log1pF32(expF32(-Math.abs(x)));
  return x > 0 ? fround(x + l) : l;
}

/**
 * Error function in float32. Max error 1.19 ulp, relative accuracy near 0
 * (so also far better than 1e-7 absolute there).
 * |x| < 0.875: erf(x) = x + x*P(x^2). 0.875 <= |x| < 4:
 * erf(|x|) = 1 - erfc(|x|), erfc(|x|)/2 = exp(-x^2) * M(t) / t with
 * t = |x|*sqrt2, exp(-x^2) computed from an exact split of x^2, and
 * M(t) = t Phi(-t) e^(t^2/2) the piecewise polynomial shared with gelu.
 * |x| >= 4: +-1.
 * Special values: erf(+-Infinity) = +-1, erf(-0) = -0, erf(NaN) = NaN.
 *
 * @example erfF32(0.5) === Math.fround(0.5204998778130465) // 0.5204999
 */
export function erfF32(x: number): number {
  x = fround(x);
  const ax = Math.abs(x);
  if (ax < ERF_POLY_MAX) {
    const z = fround(x * x);
    let p = fround(fround(ERF_E6 * z) + ERF_E5);
    p = fround(fround(p * z) + ERF_E4);
    p = fround(fround(p * z) + ERF_E3);
    p = fround(fround(p * z) + ERF_E2);
    p = fround(fround(p * z) + ERF_E1);
    p = fround(fround(p * z) + ERF_E0);
    return fround(x + fround(x * p));
  }
  if (!(ax < ERF_ONE_ARG)) return x !== x ? x : x > 0 ? 1 : -1;
  const t = fround(ax * SQRT2);
  const half = fround(fround(expNegSquare(ax) * normalTailScaled(t)) / t); // erfc(|x|) / 2
  const y = fround(1 - fround(2 * half));
  return x < 0 ? -y : y;
}

/**
 * Exact GELU, x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt2)), in float32.
 * Max error 2.02 ulp (relative to the exact value, including the tiny
 * negative results down to subnormals).
 * |x| < 0.75: x > 0: 0.5x + x*(x*S(x^2)); x <= 0: x*(0.5 + x*S(x^2)).
 * Otherwise tail = |x| Phi(-|x|) = M(|x|) * exp(-x^2/2) = 2^k (M + M*T) with
 * exp(-x^2/2) = 2^k (1 + T) from the exp kernel (x^2/2 split exactly), and
 * gelu = -tail (x < 0) or x - tail (x > 0).
 * Note gelu(1) = 0.84134471 (0.535 ulp from exact 0.8413447460685429, which
 * lies 0.035 ulp from a rounding midpoint), not fround(0.8413447460685429).
 * Special values: gelu(-Infinity) = -0 (and gelu(x) = -0 for x <= -14.356069,
 * where the exact result is below 2^-150 in magnitude), gelu(x) = x for x > 10,
 * gelu(Infinity) = Infinity, gelu(-0) = -0, gelu(NaN) = NaN.
 *
 * @example geluF32(-1) === Math.fround(-0.15865525393145707) // -0.15865526
 */
export function geluF32(x: number): number {
  x = fround(x);
  const ax = Math.abs(x);
  if (ax < GELU_POLY_MAX) {
    const z = fround(x * x);
    let p = fround(fround(GELU_S5 * z) + GELU_S4);
    p = fround(fround(p * z) + GELU_S3);
    p = fround(fround(p * z) + GELU_S2);
    p = fround(fround(p * z) + GELU_S1);
    p = fround(fround(p * z) + GELU_S0);
    if (x > 0) return fround(fround(0.5 * x) + fround(x * fround(x * p)));
    return fround(x * fround(0.5 + fround(x * p)));
  }
  if (x !== x) return x;
  if (x > GELU_IDENTITY_ARG) return x;
  if (x < GELU_ZERO_ARG) return -0;
  // |x| * Phi(-|x|) = M * exp(-x^2/2) = 2^k * (M + M*T)
  const m = normalTailScaled(ax);
  expNegHalfSquareParts(ax);
  const tail = scaleByPow2(fround(m + fround(m * partT)), partK);
  return x < 0 ? -tail : fround(x - tail);
}
