// Per-dtype element access: scalar (any CPU) and 16-lane AVX-512 (used only when the
// CPU has it).
#pragma once

#include <cstdint>

#include "dtype-code.h"
#include "half.h"

namespace kerats {

// Scalar element access: floats load as float32 (16-bit decoded exactly) and store
// rounded to nearest even.
template <DT D>
struct Elem;

template <>
struct Elem<DT::F32> {
  static float load(const void* p, int64_t i) { return static_cast<const float*>(p)[i]; }
  static void store(void* p, int64_t i, float v) { static_cast<float*>(p)[i] = v; }
};
template <>
struct Elem<DT::F16> {
  static float load(const void* p, int64_t i) { return f16_bits_to_float(static_cast<const uint16_t*>(p)[i]); }
  static void store(void* p, int64_t i, float v) { static_cast<uint16_t*>(p)[i] = float_to_f16_bits(v); }
};
template <>
struct Elem<DT::BF16> {
  static float load(const void* p, int64_t i) { return bf16_bits_to_float(static_cast<const uint16_t*>(p)[i]); }
  static void store(void* p, int64_t i, float v) { static_cast<uint16_t*>(p)[i] = float_to_bf16_bits(v); }
};

#if defined(__x86_64__)
// 16 lanes at a time; `count` < 16 loads/stores a masked tail.
template <DT D>
struct Lanes;

template <>
struct Lanes<DT::F32> {
  KERATS_TARGET_AVX512 static __m512 load(const void* p, int64_t i, int count = 16) {
    const float* s = static_cast<const float*>(p) + i;
    return count == 16 ? _mm512_loadu_ps(s) : _mm512_maskz_loadu_ps(__mmask16((1u << count) - 1), s);
  }
  KERATS_TARGET_AVX512 static void store(void* p, int64_t i, __m512 v, int count = 16) {
    float* d = static_cast<float*>(p) + i;
    if (count == 16) _mm512_storeu_ps(d, v);
    else _mm512_mask_storeu_ps(d, __mmask16((1u << count) - 1), v);
  }
};

template <>
struct Lanes<DT::F16> {
  KERATS_TARGET_AVX512 static __m512 load(const void* p, int64_t i, int count = 16) {
    const uint16_t* s = static_cast<const uint16_t*>(p) + i;
    const __m256i h = count == 16 ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s))
                                  : _mm256_maskz_loadu_epi16(__mmask16((1u << count) - 1), s);
    return _mm512_cvtph_ps(h);
  }
  KERATS_TARGET_AVX512 static void store(void* p, int64_t i, __m512 v, int count = 16) {
    uint16_t* d = static_cast<uint16_t*>(p) + i;
    const __m256i h = f32x16_to_f16(v);
    if (count == 16) _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), h);
    else _mm256_mask_storeu_epi16(d, __mmask16((1u << count) - 1), h);
  }
};

template <>
struct Lanes<DT::BF16> {
  KERATS_TARGET_AVX512 static __m512 load(const void* p, int64_t i, int count = 16) {
    const uint16_t* s = static_cast<const uint16_t*>(p) + i;
    const __m256i h = count == 16 ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s))
                                  : _mm256_maskz_loadu_epi16(__mmask16((1u << count) - 1), s);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
  }
  KERATS_TARGET_AVX512 static void store(void* p, int64_t i, __m512 v, int count = 16) {
    uint16_t* d = static_cast<uint16_t*>(p) + i;
    const __m256i h = f32x16_to_bf16(v);
    if (count == 16) _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), h);
    else _mm256_mask_storeu_epi16(d, __mmask16((1u << count) - 1), h);
  }
};
#endif

// Whether the 16-lane paths may run on this CPU.
bool has_avx512();
// AVX2 + FMA + F16C (x86-64 without AVX-512, e.g. Zen 3): the 8-lane cast paths.
bool has_avx2();

}  // namespace kerats
