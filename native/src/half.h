// float32 <-> float16 / bfloat16 conversions, bit-exact with the TypeScript
// reference (src/dtype/float16.ts, src/dtype/bfloat16.ts):
//  - float16: round to nearest even with subnormals; |x| >= 65520 -> inf;
//    NaN -> 0x7e00 | sign (payload dropped).
//  - bfloat16: round to nearest even on the float32 bits (float32 subnormals
//    are rounded, not flushed); NaN -> 0x7fc0 | sign.
//  - decoding keeps NaN payloads (float16 0x7c01 -> float32 bits 0x7f802000).
//
// Scalar helpers are plain integer code (independent of MXCSR DAZ/FTZ and of
// the rounding mode). Vector helpers (16 lanes) use AVX-512 through target
// attributes, so this header can be included from baseline x86-64 files;
// call them only when cpu_features() reports the ISA.
//
// Why not vcvtneps2bf16 (AVX512_BF16) for float32 -> bfloat16? The SDM
// defines it to treat denormal inputs as zero and to keep NaN payloads, both
// of which differ from the reference, so the vector path below does the same
// integer rounding as the scalar one (a handful of integer ops per 16 lanes).
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
// GCC 12 reports false -Wmaybe-uninitialized warnings inside the AVX-512
// intrinsic headers (their `__Y = __Y` undefined-value idiom) when inlined
// at -O3 with -Wall; silence them for the header text only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

namespace kerats {

inline uint32_t float_bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  return u;
}
inline float bits_float(uint32_t u) {
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}

inline uint16_t float_to_bf16_bits(float x) {
  const uint32_t f = float_bits(x);
  if ((f & 0x7fffffffu) > 0x7f800000u) return uint16_t(((f >> 16) & 0x8000u) | 0x7fc0u);
  // Add just under half an ulp, plus one when the kept part is odd (ties to
  // even); a carry into the exponent is correct (up to infinity).
  return uint16_t((f + 0x7fffu + ((f >> 16) & 1u)) >> 16);
}

inline float bf16_bits_to_float(uint16_t h) { return bits_float(uint32_t(h) << 16); }

inline uint16_t float_to_f16_bits(float x) {
  const uint32_t u = float_bits(x);
  const uint32_t sign = (u >> 16) & 0x8000u;
  const uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) return uint16_t(sign | 0x7e00u);   // NaN
  if (a >= 0x477ff000u) return uint16_t(sign | 0x7c00u);  // >= 65520 (and inf)
  if (a >= 0x38800000u) {
    // Normal result: rebias the exponent, then round the 13 dropped bits to
    // nearest even; a mantissa carry moves into the exponent correctly.
    const uint32_t r = a - 0x38000000u + 0xfffu + ((a >> 13) & 1u);
    return uint16_t(sign | (r >> 13));
  }
  // Subnormal (or zero) result: count of 2**-24 steps, rounded to nearest even.
  const uint32_t e = a >> 23;  // biased exponent, <= 112 here
  const uint32_t shift = 126 - e;  // value = mant * 2**-shift in units of 2**-24
  if (e == 0 || shift > 24) return uint16_t(sign);  // < 2**-25 (or a float32 subnormal): rounds to 0
  const uint32_t mant = (a & 0x7fffffu) | 0x800000u;
  uint32_t q = mant >> shift;
  const uint32_t rem = mant & ((1u << shift) - 1u), half = 1u << (shift - 1);
  q += (rem > half || (rem == half && (q & 1u))) ? 1u : 0u;  // q = 1024 is the smallest normal: fine
  return uint16_t(sign | q);
}

inline float f16_bits_to_float(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
  if (exp == 0x1f) return bits_float(sign | 0x7f800000u | (mant << 13));  // inf / NaN, payload kept
  if (exp != 0) return bits_float(sign | ((exp + 112u) << 23) | (mant << 13));
  // Subnormal or zero: exact as mant * 2**-24.
  const float v = float(mant) * 5.9604644775390625e-8f;
  return sign ? -v : v;
}

#if defined(__x86_64__)
// ---- 16-lane vector helpers -------------------------------------------------
#define KERATS_TARGET_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,f16c,fma")))
// x86-64 without AVX-512 (Zen 1-3, Intel before Ice Lake): 8-lane paths.
#define KERATS_TARGET_AVX2 __attribute__((target("avx2,fma,f16c")))

// 16 float16 -> 16 float32. Hardware conversion is exact; it only differs from
// the reference by quieting signalling NaNs, which no GEMM result can observe.
KERATS_TARGET_AVX512 inline __m512 f16x16_to_f32(const uint16_t* src) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src)));
}

KERATS_TARGET_AVX512 inline __m512 bf16x16_to_f32(const uint16_t* src) {
  const __m512i w = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src)));
  return _mm512_castsi512_ps(_mm512_slli_epi32(w, 16));
}

// 16 float32 -> 16 float16 bits (RNE), NaN normalised to 0x7e00 | sign.
KERATS_TARGET_AVX512 inline __m256i f32x16_to_f16(__m512 x) {
  __m256i h = _mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
  if (nan) {
    const __m256i canon = _mm256_or_si256(_mm256_and_si256(h, _mm256_set1_epi16(int16_t(0x8000))),
                                          _mm256_set1_epi16(0x7e00));
    h = _mm256_mask_blend_epi16(nan, h, canon);
  }
  return h;
}

// 16 float32 -> 16 bfloat16 bits with the reference's integer RNE rule.
KERATS_TARGET_AVX512 inline __m256i f32x16_to_bf16(__m512 x) {
  const __m512i f = _mm512_castps_si512(x);
  const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(f, 16), _mm512_set1_epi32(1));
  __m512i r = _mm512_srli_epi32(_mm512_add_epi32(_mm512_add_epi32(f, _mm512_set1_epi32(0x7fff)), lsb), 16);
  const __mmask16 nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(f, _mm512_set1_epi32(0x7fffffff)),
                                                _mm512_set1_epi32(0x7f800000));
  const __m512i canon = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(f, 16), _mm512_set1_epi32(0x8000)),
                                        _mm512_set1_epi32(0x7fc0));
  r = _mm512_mask_blend_epi32(nan, r, canon);
  return _mm512_cvtepi32_epi16(r);
}

KERATS_TARGET_AVX512 inline void store_f32x16_as_f16(uint16_t* dst, __m512 x) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), f32x16_to_f16(x));
}
KERATS_TARGET_AVX512 inline void store_f32x16_as_bf16(uint16_t* dst, __m512 x) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), f32x16_to_bf16(x));
}
#endif

}  // namespace kerats
