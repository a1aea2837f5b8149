// Unary elementwise functors (scalar and 16-lane forms with identical bits), matching
// the reference's float32 definitions in src/backend/reference/elementwise-kernels.ts.
#pragma once

#include <cmath>

#include "kernels/dtype.h"

namespace kerats::op {

struct Neg {
  static float s(float x) { return -x; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(x), _mm512_set1_epi32(int(0x80000000u)))); }
#endif
};
struct Abs {
  static float s(float x) { return bits_float(float_bits(x) & 0x7fffffffu); }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return _mm512_abs_ps(x); }
#endif
};
// Math.sign: ±1, and ±0 or NaN unchanged.
struct Sign {
  static float s(float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : x; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) {
    const __m512 zero = _mm512_setzero_ps();
    __m512 r = _mm512_mask_mov_ps(x, _mm512_cmp_ps_mask(x, zero, _CMP_GT_OQ), _mm512_set1_ps(1.0f));
    return _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), _mm512_set1_ps(-1.0f));
  }
#endif
};
struct Square {
  static float s(float x) { return x * x; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return _mm512_mul_ps(x, x); }
#endif
};
struct Sqrt {
  static float s(float x) { return std::sqrt(x); }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return _mm512_sqrt_ps(x); }
#endif
};
// 1/sqrt(x) with two roundings (not the approximate rsqrt instruction).
struct Rsqrt {
  static float s(float x) { return 1.0f / std::sqrt(x); }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_sqrt_ps(x)); }
#endif
};
struct Reciprocal {
  static float s(float x) { return 1.0f / x; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return _mm512_div_ps(_mm512_set1_ps(1.0f), x); }
#endif
};
// x > 0 ? x : 0, with NaN kept and -0 giving +0.
struct Relu {
  static float s(float x) { return x > 0 ? x : (x != x ? x : 0.0f); }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 x) {
    const __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLE_UQ);  // x > 0 or NaN
    return _mm512_maskz_mov_ps(keep, x);
  }
#endif
};

}  // namespace kerats::op
