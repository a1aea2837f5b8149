// Float32 exp, expm1, log, log1p, tanh, sigmoid, softplus, erf and gelu, BIT-EXACT
// with src/backend/reference/float32-math.ts (its header states the porting rules),
// as unary functors in the style of unary-ops.h: a scalar form (any CPU), a 16-lane
// AVX-512 form and an 8-lane AVX2 form (v8), all with identical bits.
//
// Why one body included twice (math-f32-impl.h): the algorithms are written once as
// templates over a lane type T (float, or v16 = 16 floats through GCC vector
// extensions, which give per-lane IEEE + - * / and, under -ffp-contract=off, no
// FMA). GCC lowers vector operations by the target of the function that contains
// them before inlining, so a generic template would scalarize v16 comparisons;
// the vector copy therefore gets the AVX-512 target attribute and the scalar copy
// none (it must run on CPUs without AVX-512).
#pragma once

#include <cstdint>

#include "kernels/dtype.h"

namespace kerats::mf32 {

typedef float v16 __attribute__((vector_size(64)));
typedef uint32_t v16u __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));  // comparison results (-1 / 0)
typedef float v8 __attribute__((vector_size(32)));
typedef uint32_t v8u __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

// Constants by bit pattern, exactly those of float32-math.ts.
constexpr float bits_f32(uint32_t b) { return __builtin_bit_cast(float, b); }

constexpr float INV_LN2 = bits_f32(0x3fb8aa3b);
constexpr float LN2_HI = bits_f32(0x3f317200);
constexpr float LN2_LO = bits_f32(0x35bfbe8e);
constexpr float TWO_P25 = bits_f32(0x4c000000);
constexpr float TWO_M13 = bits_f32(0x39000000);
constexpr float TWO_M24 = bits_f32(0x33800000);
constexpr float TWO_M25 = bits_f32(0x33000000);
constexpr float SQRT2 = bits_f32(0x3fb504f3);
constexpr float INF = bits_f32(0x7f800000);
constexpr float QNAN = bits_f32(0x7fc00000);
constexpr float MAGIC = 12582912.0f;  // 1.5 * 2^23: (t + MAGIC) - MAGIC rounds t to an integer

constexpr float EXP_MAX_ARG = bits_f32(0x42b17217);
constexpr float EXP_MIN_ARG = bits_f32(0xc2d00000);
constexpr float HALF_LN2 = bits_f32(0x3eb17218);
constexpr float EXPM1_MIN_ARG = bits_f32(0xc18c0000);
constexpr float EXP_P1 = bits_f32(0x3e2aaa8a);
constexpr float EXP_P2 = bits_f32(0xbb3545eb);
constexpr float EXPM1_Q1 = bits_f32(0xbd088868);
constexpr float EXPM1_Q2 = bits_f32(0x3acf2ffa);

constexpr float LG1 = bits_f32(0x3f2aaaaa);
constexpr float LG2 = bits_f32(0x3eccce0a);
constexpr float LG3 = bits_f32(0x3e91ee43);
constexpr float LG4 = bits_f32(0x3e77b1c7);
constexpr uint32_t SQRT2_MANTISSA = 0x3504f3;
constexpr float SQRT1_2_M1 = bits_f32(0xbe95f61a);
constexpr float SQRT2_M1 = bits_f32(0x3ed413cd);

constexpr float TANH_POLY_MAX = bits_f32(0x3f200000);
constexpr float TANH_ONE_ARG = bits_f32(0x41120000);
constexpr float TANH_T[6] = {bits_f32(0xbeaaaaaa), bits_f32(0x3e08883d), bits_f32(0xbd5cf8c4),
                             bits_f32(0x3cb1d2a8), bits_f32(0xbc062f68), bits_f32(0x3b0d140b)};

constexpr float ERF_POLY_MAX = bits_f32(0x3f600000);
constexpr float ERF_ONE_ARG = bits_f32(0x40800000);
constexpr float ERF_E[7] = {bits_f32(0x3e0375d4), bits_f32(0xbec093a0), bits_f32(0x3de716ae), bits_f32(0xbcdbffc0),
                            bits_f32(0x3baa176a), bits_f32(0xba524e2e), bits_f32(0x38a46e98)};

constexpr float GELU_POLY_MAX = bits_f32(0x3f400000);
constexpr float GELU_IDENTITY_ARG = bits_f32(0x41200000);
constexpr float GELU_ZERO_ARG = bits_f32(0xc1700000);
constexpr float GELU_S[6] = {bits_f32(0x3ecc422a), bits_f32(0xbd882c4c), bits_f32(0x3c237608),
                             bits_f32(0xba9d49f7), bits_f32(0x390f705d), bits_f32(0xb7ba1dc6)};

// M(t) = t Phi(-t) e^(t^2/2): pieces [0.75,1.5), [1.5,2.5), [2.5,4) in d = t - centre,
// and the tail [4,16] in w = 1/t^2, all degree 8. Stored as M_COEF[i][piece] so one
// Horner loop serves every lane, each lane picking its piece's coefficient.
constexpr float M_SPLIT_1 = bits_f32(0x3fc00000);
constexpr float M_SPLIT_2 = bits_f32(0x40200000);
constexpr float M_SPLIT_TAIL = bits_f32(0x40800000);
constexpr float M_CENTER[4] = {bits_f32(0x3f8edf80), bits_f32(0x40026b40), bits_f32(0x404dc6c0), 0.0f};
constexpr uint32_t M_BITS[4][9] = {
    {0x3e8cd372, 0x3ddd73a7, 0xbd822361, 0x3cf93987, 0xbc4ff203, 0x3b9c4fd1, 0xbad82e00, 0x3a10131c, 0xb9308532},
    {0x3eacf263, 0x3d2880b3, 0xbc9d9c9e, 0x3bf5c5c5, 0xbb29e1e8, 0x3a565d63, 0xb97c3855, 0x3892afaf, 0xb7918a62},
    {0x3ebc828b, 0x3c7fd1a3, 0xbbb961b8, 0x3ae48bdf, 0xb9fddf4f, 0x39026521, 0xb7fce2f9, 0x36f5ddcb, 0xb5cddb24},
    {0x3ecc422a, 0xbecc42e8, 0x3f995370, 0xc0c264d3, 0x423886c7, 0xc3f08878, 0x459ea6b7, 0xc71116b9, 0x47f45022},
};
#define KERATS_M_COEF(i) \
  { bits_f32(M_BITS[0][i]), bits_f32(M_BITS[1][i]), bits_f32(M_BITS[2][i]), bits_f32(M_BITS[3][i]) }
constexpr float M_COEF[9][4] = {KERATS_M_COEF(0), KERATS_M_COEF(1), KERATS_M_COEF(2), KERATS_M_COEF(3), KERATS_M_COEF(4),
                                KERATS_M_COEF(5), KERATS_M_COEF(6), KERATS_M_COEF(7), KERATS_M_COEF(8)};
#undef KERATS_M_COEF

namespace scalar {
#define KERATS_MF_FN inline __attribute__((always_inline))
#define KERATS_MF_VECTOR 0
#include "kernels/math-f32-impl.h"
#undef KERATS_MF_VECTOR
#undef KERATS_MF_FN
}  // namespace scalar

#if defined(__x86_64__)
namespace avx512 {
using VF = v16;
using VU = v16u;
using VI = v16i;
#define KERATS_MF_FN KERATS_TARGET_AVX512 inline __attribute__((always_inline))
#define KERATS_MF_VECTOR 1
#define KERATS_MF_PICK(t, j) (v16) _mm512_permutexvar_ps((__m512i)(j), (__m512)(v16{t[0], t[1], t[2], t[3]}))
#include "kernels/math-f32-impl.h"
#undef KERATS_MF_PICK
#undef KERATS_MF_VECTOR
#undef KERATS_MF_FN
}  // namespace avx512

// x86-64 without AVX-512 (Zen 1-3): the same algorithms 8 lanes wide.
namespace avx2 {
using VF = v8;
using VU = v8u;
using VI = v8i;
#define KERATS_MF_FN KERATS_TARGET_AVX2 inline __attribute__((always_inline))
#define KERATS_MF_VECTOR 1
#define KERATS_MF_PICK(t, j) (v8) _mm256_permutevar8x32_ps((__m256)(v8{t[0], t[1], t[2], t[3]}), (__m256i)(j))
#include "kernels/math-f32-impl.h"
#undef KERATS_MF_PICK
#undef KERATS_MF_VECTOR
#undef KERATS_MF_FN
}  // namespace avx2
#endif

}  // namespace kerats::mf32

namespace kerats::op {

#if defined(__x86_64__)
#define KERATS_MF_OP(Name, fn)                                                           \
  struct Name {                                                                          \
    static float s(float x) { return mf32::scalar::fn(x); }                              \
    KERATS_TARGET_AVX512 static __m512 v(__m512 x) { return (__m512)mf32::avx512::fn((mf32::v16)x); } \
    KERATS_TARGET_AVX2 static __m256 v8(__m256 x) { return (__m256)mf32::avx2::fn((mf32::v8)x); }     \
    static constexpr bool kHasV8 = true;                                                 \
  };
#else
#define KERATS_MF_OP(Name, fn) \
  struct Name {                \
    static float s(float x) { return mf32::scalar::fn(x); } \
  };
#endif

KERATS_MF_OP(Exp, exp_f32)
KERATS_MF_OP(Expm1, expm1_f32)
KERATS_MF_OP(Log, log_f32)
KERATS_MF_OP(Log1p, log1p_f32)
KERATS_MF_OP(Tanh, tanh_f32)
KERATS_MF_OP(Sigmoid, sigmoid_f32)
KERATS_MF_OP(Softplus, softplus_f32)
KERATS_MF_OP(Erf, erf_f32)
KERATS_MF_OP(Gelu, gelu_f32)
#undef KERATS_MF_OP

}  // namespace kerats::op
