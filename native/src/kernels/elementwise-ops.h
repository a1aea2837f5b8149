// Elementwise operations as functors with a scalar and a 16-lane form that give
// identical bits: float32 IEEE operations (the build disables FMA contraction) and
// JavaScript's Math.max/min/sign/relu semantics for -0 and NaN, as the reference
// backend defines them.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/dtype.h"

namespace kerats {

// Unary codes are explicit: the values of UNARY_CODE in src/backend/native/native-addon.ts,
// whatever the order of UNARY_PRIMS. Gelu is the highest (the addon refuses codes above it).
enum class UnaryOp : int {
  Neg = 0, Abs = 1, Sign = 2, Square = 3, Sqrt = 4, Rsqrt = 5, Reciprocal = 6, Exp = 7, Expm1 = 8,
  Log = 9, Log1p = 10, Relu = 11, Sigmoid = 12, Tanh = 13, Softplus = 14, Erf = 15, Gelu = 16,
};
// Binary and compare codes are the positions in BINARY_PRIMS / COMPARE_PRIMS (src/backend/primitives.ts).
enum class BinaryOp : int { Add = 0, Sub, Mul, Div, Pow, Max, Min, ReluGrad, SigmoidGrad, TanhGrad };  // Pow: reference only
enum class CompareOp : int { Eq = 0, Ne, Gt, Ge, Lt, Le };

namespace op {

struct Add {
  static float s(float a, float b) { return a + b; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 a, __m512 b) { return _mm512_add_ps(a, b); }
#endif
};
struct Sub {
  static float s(float a, float b) { return a - b; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 a, __m512 b) { return _mm512_sub_ps(a, b); }
#endif
};
struct Mul {
  static float s(float a, float b) { return a * b; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 a, __m512 b) { return _mm512_mul_ps(a, b); }
#endif
};
struct Div {
  static float s(float a, float b) { return a / b; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 a, __m512 b) { return _mm512_div_ps(a, b); }
#endif
};

// Math.max: NaN if either is NaN; max(-0, +0) = +0 (for equal values, AND of the bits).
struct Max {
  static float s(float a, float b) {
    if (a != a || b != b) return a != a ? a + a : b + b;  // that NaN, quieted (a + b may be commuted)
    if (a == b) return bits_float(float_bits(a) & float_bits(b));
    return a > b ? a : b;
  }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 a, __m512 b) {
    __m512 r = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_GT_OQ), b, a);
    r = _mm512_castsi512_ps(_mm512_mask_and_epi32(_mm512_castps_si512(r), _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ),
                                                   _mm512_castps_si512(a), _mm512_castps_si512(b)));
    return _mm512_mask_add_ps(r, _mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q), a, b);
  }
#endif
};
// Math.min: NaN if either is NaN; min(-0, +0) = -0 (for equal values, OR of the bits).
struct Min {
  static float s(float a, float b) {
    if (a != a || b != b) return a != a ? a + a : b + b;  // that NaN, quieted (a + b may be commuted)
    if (a == b) return bits_float(float_bits(a) | float_bits(b));
    return a < b ? a : b;
  }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 a, __m512 b) {
    __m512 r = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_LT_OQ), b, a);
    r = _mm512_castsi512_ps(_mm512_mask_or_epi32(_mm512_castps_si512(r), _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ),
                                                  _mm512_castps_si512(a), _mm512_castps_si512(b)));
    return _mm512_mask_add_ps(r, _mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q), a, b);
  }
#endif
};

// Activation gradients (dy, y) from the activation's output, in the reference's order of
// float32 operations.
struct ReluGrad {
  static float s(float dy, float y) { return y > 0.0f ? dy : 0.0f; }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 dy, __m512 y) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(y, _mm512_setzero_ps(), _CMP_GT_OQ), dy); }
#endif
};
struct SigmoidGrad {
  static float s(float dy, float y) { return dy * (y * (1.0f - y)); }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 dy, __m512 y) { return _mm512_mul_ps(dy, _mm512_mul_ps(y, _mm512_sub_ps(_mm512_set1_ps(1.0f), y))); }
#endif
};
struct TanhGrad {
  static float s(float dy, float y) { return dy * (1.0f - y * y); }
#if defined(__x86_64__)
  KERATS_TARGET_AVX512 static __m512 v(__m512 dy, __m512 y) { return _mm512_mul_ps(dy, _mm512_sub_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(y, y))); }
#endif
};

// Comparisons: scalar C++ and ordered/unordered predicates agree with JavaScript on NaN.
#if defined(__x86_64__)
#define KERATS_CMP(Name, expr, pred)                                                      \
  struct Name {                                                                           \
    static bool s(float a, float b) { return expr; }                                      \
    KERATS_TARGET_AVX512 static __mmask16 v(__m512 a, __m512 b) { return _mm512_cmp_ps_mask(a, b, pred); } \
  };
#else
#define KERATS_CMP(Name, expr, pred) \
  struct Name {                      \
    static bool s(float a, float b) { return expr; } \
  };
#endif
KERATS_CMP(Eq, a == b, _CMP_EQ_OQ)
KERATS_CMP(Ne, a != b, _CMP_NEQ_UQ)
KERATS_CMP(Gt, a > b, _CMP_GT_OQ)
KERATS_CMP(Ge, a >= b, _CMP_GE_OQ)
KERATS_CMP(Lt, a < b, _CMP_LT_OQ)
KERATS_CMP(Le, a <= b, _CMP_LE_OQ)
#undef KERATS_CMP

}  // namespace op
}  // namespace kerats
