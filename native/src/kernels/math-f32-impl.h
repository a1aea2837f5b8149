// The algorithms of src/backend/reference/float32-math.ts for one lane type T.
// Included three times by math-f32.h (no include guard, on purpose): in namespace scalar
// (T = float, no target attribute), avx512 (T = v16, AVX-512 target) and avx2 (T = v8,
// AVX2 target);
// KERATS_MF_FN gives the function specifiers, KERATS_MF_VECTOR selects the lane helpers.
//
// How the TypeScript maps here:
//  - each `fround(a op b)` is one float operation, written in the same order
//    (FLT_EVAL_METHOD 0 and -ffp-contract=off: no excess precision, no FMA);
//  - an early `return` becomes a blend: every path is computed for every lane and
//    sel() keeps the right one, applied in reverse order of the returns (the last
//    sel() wins); paths discarded in a lane may compute garbage there;
//  - an integer k is carried as an exact float (for comparisons and k*LN2) and as
//    uint32 bits (for 2^k, wrapping), so garbage lanes can never hit undefined
//    signed overflow or float->int conversion;
//  - roundToInt is the same magic-number pair, and k comes from the bits of
//    t + MAGIC (0x4b400000 + k for |t| < 2^22).

// ---- lane helpers ------------------------------------------------------------------
#if KERATS_MF_VECTOR
// VF/VU/VI (the lane vectors) and KERATS_MF_PICK come from the including namespace.
using F = VF;
using U = VU;
using Mask = VI;
// Broadcast by bits: F{} + c would turn -0.0f into +0.0f.
KERATS_MF_FN F vec(float c) { return (F)(U{} + __builtin_bit_cast(uint32_t, c)); }
KERATS_MF_FN F vec(F x) { return x; }
KERATS_MF_FN U vec(uint32_t c) { return U{} + c; }
KERATS_MF_FN U vec(U x) { return x; }
template <class A, class B>
KERATS_MF_FN auto sel(Mask m, A a, B b) { return m ? vec(a) : vec(b); }
KERATS_MF_FN Mask mnot(Mask m) { return ~m; }
KERATS_MF_FN U bits(F x) { return (U)x; }
KERATS_MF_FN F from_bits(U u) { return (F)u; }
// table[j] per lane (j in 0..3), one permute instruction (this copy has the vector
// target, so intrinsics are allowed; GCC's variable __builtin_shuffle has no clang
// equivalent).
KERATS_MF_FN F pick(const float (&t)[4], U j) { return KERATS_MF_PICK(t, j); }
#else
using F = float;
using U = uint32_t;
using Mask = bool;
template <class A>
KERATS_MF_FN A sel(bool m, A a, A b) { return m ? a : b; }
KERATS_MF_FN bool mnot(bool m) { return !m; }
KERATS_MF_FN uint32_t bits(float x) { return __builtin_bit_cast(uint32_t, x); }
KERATS_MF_FN float from_bits(uint32_t u) { return __builtin_bit_cast(float, u); }
KERATS_MF_FN float pick(const float (&t)[4], uint32_t j) { return t[j]; }
#endif

KERATS_MF_FN F fabs_(F x) { return from_bits(bits(x) & 0x7fffffffu); }
KERATS_MF_FN F copysign_of(F y, F x) { return sel(x < 0.0f, -y, y); }  // TS `x < 0 ? -y : y`
// 2^k for k in [-126, 127] from its exponent field.
KERATS_MF_FN F pow2(U k) { return from_bits((k + 127u) << 23); }
// The exact float of a small integer k (|k| < 2^22).
KERATS_MF_FN F to_float(U k) { return from_bits(k + 0x4b400000u) - MAGIC; }

// ---- internal kernels --------------------------------------------------------------

// exp(a + b) = 2^k (1 + t); k both as float and as bits (see expParts).
struct Parts {
  F t, kf;
  U k;
};

KERATS_MF_FN Parts exp_parts(F a, F b) {
  const F kt = (a + b) * INV_LN2 + MAGIC;
  const F kf = kt - MAGIC;
  const F hi = a - kf * LN2_HI;
  const F lo = kf * LN2_LO - b;
  const F r = hi - lo;
  const F rr = r * r;
  const F c = r - rr * (EXP_P1 + rr * EXP_P2);
  const F q = (r * c) / (2.0f - c);
  return {(q - lo) + hi, kf, bits(kt) - 0x4b400000u};
}

// y * 2^k, k in [-190, 128], as the TS two-step forms; the middle case multiplies
// by 2^0 a second time, which changes no bit.
KERATS_MF_FN F scale_by_pow2(F y, U k, F kf) {
  const Mask big = kf > 127.0f, small = kf < -126.0f;
  const U s1 = sel(big, 127u, sel(small, k + 64u, k));
  const U s2 = sel(big, k - 127u, sel(small, uint32_t(-64), 0u));
  return (y * pow2(s1)) * pow2(s2);
}

KERATS_MF_FN F exp_core(F a, F b) {
  const Parts p = exp_parts(a, b);
  return scale_by_pow2(1.0f + p.t, p.k, p.kf);
}

// log(1 + f) + k ln2 + c (fdlibm's formulation), k an exact integer float.
KERATS_MF_FN F log_core(F k, F f, F c) {
  const F s = f / (2.0f + f);
  const F z = s * s;
  const F w = z * z;
  const F t1 = w * (LG2 + w * LG4);
  const F t2 = z * (LG1 + w * LG3);
  const F R = t2 + t1;
  const F hfsq = (0.5f * f) * f;
  const F sR = s * (hfsq + R);
  const F low = sR + (k * LN2_LO + c);
  return k * LN2_HI - ((hfsq - low) - f);
}

// exp(-a*a) for 0 <= a <= 4, a*a split exactly into hi + lo.
KERATS_MF_FN F exp_neg_square(F a) {
  const F ah = from_bits(bits(a) & 0xfffff000u);
  const F al = a - ah;
  const F hi = ah * ah;
  const F lo = (2.0f * ah) * al + al * al;
  return exp_core(-hi, -lo);
}

KERATS_MF_FN Parts exp_neg_half_square_parts(F a) {
  const F ah = from_bits(bits(a) & 0xfffff000u);
  const F al = a - ah;
  const F hi = (ah * ah) * 0.5f;
  const F lo = ah * al + (al * al) * 0.5f;
  return exp_parts(-hi, -lo);
}

// M(t) for t in [0.75, 16]: the piece's polynomial in d = t - centre (t < 4) or
// the tail's in w = 1/t^2, by one Horner loop over per-lane coefficients.
KERATS_MF_FN F normal_tail_scaled(F t) {
  const U j = sel(t < M_SPLIT_1, 0u, sel(t < M_SPLIT_2, 1u, sel(t < M_SPLIT_TAIL, 2u, 3u)));
  const F d = t - pick(M_CENTER, j);
  const F w = 1.0f / (t * t);
  const F v = sel(j == 3u, w, d);
  F p = pick(M_COEF[8], j);
  for (int i = 7; i >= 0; i--) p = p * v + pick(M_COEF[i], j);
  return p;
}

// ---- public functions --------------------------------------------------------------

KERATS_MF_FN F exp_f32(F x) {
  F r = exp_core(x, F{});
  r = sel(x < EXP_MIN_ARG, 0.0f, r);
  r = sel(x > EXP_MAX_ARG, INF, r);
  return sel(x != x, x, r);
}

KERATS_MF_FN F expm1_f32(F x) {
  const F ax = fabs_(x);
  // Argument reduction (used where |x| > ln2/2; elsewhere k = 0, r = x, c = 0).
  const Mask reduce = ax > HALF_LN2;
  const F kt = x * INV_LN2 + MAGIC;
  const F kf0 = kt - MAGIC;
  const F hi = x - kf0 * LN2_HI;
  const F lo = kf0 * LN2_LO;
  const F r0 = hi - lo;
  const F c0 = (hi - r0) - lo;
  const F kf = sel(reduce, kf0, F{});
  const U k = sel(reduce, bits(kt) - 0x4b400000u, U{});
  const F r = sel(reduce, r0, x);
  const F c = sel(reduce, c0, F{});

  const F hfx = 0.5f * r;
  const F hxs = r * hfx;
  const F r1 = 1.0f + hxs * (EXPM1_Q1 + hxs * EXPM1_Q2);
  const F t = 3.0f - r1 * hfx;
  const F e = hxs * ((r1 - t) / (6.0f - r * t));
  const F res_k0 = r - (r * e - hxs);

  const F e2 = (r * (e - c) - c) - hxs;
  const F res_km1 = 0.5f * (r - e2) - 0.5f;
  const F res_k1 = sel(r < -0.25f, -2.0f * (e2 - (r + 0.5f)), 1.0f + 2.0f * (r - e2));
  // k <= -2 or k > 56: (1 + expm1(r)) * 2^k - 1, with 2^128 as 2 * 2^127.
  const Mask k128 = kf == 128.0f;
  const F y_far = ((1.0f - (e2 - r)) * sel(k128, 2.0f, 1.0f)) * pow2(sel(k128, 127u, k));
  const F res_far = y_far - 1.0f;
  // 2 <= k < 23: (1 - 2^-k) - (e - r), times 2^k.
  const F one_minus = from_bits(0x3f800000u - (0x1000000u >> (k & 31u)));
  const F res_mid = (one_minus - (e2 - r)) * pow2(k);
  // 23 <= k <= 56
  const F res_high = ((r - (e2 + pow2(0u - k))) + 1.0f) * pow2(k);

  F res = sel(kf < 23.0f, res_mid, res_high);
  res = sel((kf <= -2.0f) | (kf > 56.0f), res_far, res);
  res = sel(kf == 1.0f, res_k1, res);
  res = sel(kf == -1.0f, res_km1, res);
  res = sel(kf == 0.0f, res_k0, res);
  res = sel(ax < TWO_M25, x, res);
  res = sel(x < EXPM1_MIN_ARG, -1.0f, res);
  res = sel(x > EXP_MAX_ARG, INF, res);
  return sel(x != x, x, res);
}

KERATS_MF_FN F log_f32(F x) {
  // Subnormals are scaled by 2^25 first (exact).
  const Mask sub = bits(x) < 0x00800000u;
  const U ix = sel(sub, bits(x * TWO_P25), bits(x));
  const U m = ix & 0x007fffffu;
  const Mask upper = m >= SQRT2_MANTISSA;  // normalise to [sqrt(1/2), sqrt(2))
  const U k = (ix >> 23) - 127u - sel(sub, 25u, 0u) + sel(upper, 1u, 0u);
  const F xn = from_bits(m | sel(upper, 0x3f000000u, 0x3f800000u));
  F r = log_core(to_float(k), xn - 1.0f, F{});
  r = sel(x == INF, x, r);
  return sel(mnot(x > 0.0f), sel(x == 0.0f, -INF, QNAN), r);
}

KERATS_MF_FN F log1p_f32(F x) {
  // u = 1 + x; c = (1 + x - u) exactly, passed on as c/u.
  const F u = 1.0f + x;
  const U iu = bits(u);
  const U e = iu >> 23;
  const F c = sel(e > 127u, 1.0f - (u - x), x - (u - 1.0f)) / u;
  const U m = iu & 0x007fffffu;
  const Mask upper = m >= SQRT2_MANTISSA;
  const F kf = to_float(e - 127u + sel(upper, 1u, 0u));
  const F un = from_bits(m | sel(upper, 0x3f000000u, 0x3f800000u));
  // Near 0 the TS calls logCore(0, x, 0): the same kernel with other arguments.
  const Mask near = (x > SQRT1_2_M1) & (x < SQRT2_M1);
  F r = log_core(sel(near, F{}, kf), sel(near, x, un - 1.0f), sel(near, F{}, c));
  r = sel(fabs_(x) < TWO_M24, x, r);
  r = sel(x == INF, x, r);
  return sel(mnot(x > -1.0f), sel(x == -1.0f, -INF, QNAN), r);
}

KERATS_MF_FN F tanh_f32(F x) {
  const F ax = fabs_(x);
  const F z = x * x;
  F p = TANH_T[5] * z + TANH_T[4];
  for (int i = 3; i >= 0; i--) p = p * z + TANH_T[i];
  const F poly = x + x * (z * p);
  // 1 - 2/(e + 1), e = e^(2|x|), with the rounding error of e + 1 (Fast2Sum).
  const F e = exp_core(2.0f * ax, F{});
  const F s = e + 1.0f;
  const F err = 1.0f - (s - e);
  const F q = 2.0f / s;
  const F y = 1.0f - (q - q * (err / s));
  F r = sel(ax < TANH_POLY_MAX, poly, copysign_of(y, x));
  r = sel(ax < TWO_M13, x, r);
  return sel(mnot(ax <= TANH_ONE_ARG), sel(x != x, x, sel(x > 0.0f, 1.0f, -1.0f)), r);
}

KERATS_MF_FN F sigmoid_f32(F x) {
  const F e = exp_f32(-fabs_(x));
  const F s = 1.0f + e;
  const F err = e - (s - 1.0f);  // exact: 1 + e == s + err
  const F q = sel(x >= 0.0f, 1.0f, e) / s;
  return sel(x != x, x, q - q * (err / s));
}

KERATS_MF_FN F softplus_f32(F x) {
  const F l = log1p_f32(exp_f32(-fabs_(x)));
  return sel(x != x, x, sel(x > 0.0f, x + l, l));
}

KERATS_MF_FN F erf_f32(F x) {
  const F ax = fabs_(x);
  const F z = x * x;
  F p = ERF_E[6] * z + ERF_E[5];
  for (int i = 4; i >= 0; i--) p = p * z + ERF_E[i];
  const F poly = x + x * p;
  // erfc(|x|)/2 = exp(-x^2) * M(t) / t, t = |x| sqrt2.
  const F t = ax * SQRT2;
  const F half = (exp_neg_square(ax) * normal_tail_scaled(t)) / t;
  const F y = 1.0f - 2.0f * half;
  F r = sel(mnot(ax < ERF_ONE_ARG), sel(x != x, x, sel(x > 0.0f, 1.0f, -1.0f)), copysign_of(y, x));
  return sel(ax < ERF_POLY_MAX, poly, r);
}

KERATS_MF_FN F gelu_f32(F x) {
  const F ax = fabs_(x);
  const F z = x * x;
  F p = GELU_S[5] * z + GELU_S[4];
  for (int i = 3; i >= 0; i--) p = p * z + GELU_S[i];
  const F xp = x * p;
  const F small = sel(x > 0.0f, 0.5f * x + x * xp, x * (0.5f + xp));
  // |x| Phi(-|x|) = M(|x|) exp(-x^2/2) = 2^k (M + M T)
  const F m = normal_tail_scaled(ax);
  const Parts e = exp_neg_half_square_parts(ax);
  const F tail = scale_by_pow2(m + m * e.t, e.k, e.kf);
  F r = sel(x < 0.0f, -tail, x - tail);
  r = sel(x < GELU_ZERO_ARG, -0.0f, r);
  r = sel(x > GELU_IDENTITY_ARG, x, r);
  r = sel(x != x, x, r);
  return sel(ax < GELU_POLY_MAX, small, r);
}
