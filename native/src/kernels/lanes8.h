// 8-lane float32 access to float32/float16/bfloat16 data with AVX2 + F16C, for x86-64
// CPUs without AVX-512: the same conversions as the 16-lane path (exact widening; RNE
// narrowing with NaN normalised as float_to_f16_bits / float_to_bf16_bits).
#pragma once

#if defined(__x86_64__)
#include <cstdint>

#include "kernels/dtype.h"

namespace kerats {

template <DT S>
KERATS_TARGET_AVX2 inline __m256 load8(const void* p, int64_t i) {
  if constexpr (S == DT::F32) return _mm256_loadu_ps(static_cast<const float*>(p) + i);
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const uint16_t*>(p) + i));
  if constexpr (S == DT::F16) return _mm256_cvtph_ps(h);
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

// 32-bit lanes (values <= 0xffff) to 8 packed 16-bit values, in lane order.
KERATS_TARGET_AVX2 inline __m128i narrow16(__m256i r) {
  return _mm256_castsi256_si128(_mm256_permute4x64_epi64(_mm256_packus_epi32(r, r), 0x08));
}

template <DT T>
KERATS_TARGET_AVX2 inline void store8(void* p, int64_t i, __m256 v) {
  if constexpr (T == DT::F32) {
    _mm256_storeu_ps(static_cast<float*>(p) + i, v);
    return;
  }
  __m128i h;
  if constexpr (T == DT::F16) {
    // RNE; NaN normalised to 0x7e00 | sign, as float_to_f16_bits.
    h = _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256 nan = _mm256_cmp_ps(v, v, _CMP_UNORD_Q);
    if (_mm256_movemask_ps(nan)) {
      const __m256i n32 = _mm256_castps_si256(nan);
      const __m128i n16 = _mm_packs_epi32(_mm256_castsi256_si128(n32), _mm256_extracti128_si256(n32, 1));
      const __m128i canon = _mm_or_si128(_mm_and_si128(h, _mm_set1_epi16(int16_t(0x8000))), _mm_set1_epi16(0x7e00));
      h = _mm_blendv_epi8(h, canon, n16);
    }
  } else {
    // The reference's integer RNE rule, NaN to 0x7fc0 | sign (float_to_bf16_bits).
    const __m256i f = _mm256_castps_si256(v);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(f, 16), _mm256_set1_epi32(1));
    __m256i r = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(f, _mm256_set1_epi32(0x7fff)), lsb), 16);
    const __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(f, _mm256_set1_epi32(0x7fffffff)), _mm256_set1_epi32(0x7f800000));
    const __m256i canon = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(f, 16), _mm256_set1_epi32(0x8000)), _mm256_set1_epi32(0x7fc0));
    h = narrow16(_mm256_blendv_epi8(r, canon, nan));
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(static_cast<uint16_t*>(p) + i), h);
}

// n contiguous elements of D at p[base..] as float32 at dst: 8 lanes at a time, the tail
// through the scalar loads (the same values either way).
template <DT D>
KERATS_TARGET_AVX2 inline void widen8(const void* p, int64_t base, int64_t n, float* dst) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, load8<D>(p, base + i));
  for (; i < n; ++i) dst[i] = Elem<D>::load(p, base + i);
}

// n float32 values at src stored as D at p[base..]: 8 lanes at a time, the tail through
// the scalar stores (the same bits either way).
template <DT D>
KERATS_TARGET_AVX2 inline void narrow8(const float* src, int64_t n, void* p, int64_t base) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) store8<D>(p, base + i, _mm256_loadu_ps(src + i));
  for (; i < n; ++i) Elem<D>::store(p, base + i, src[i]);
}

}  // namespace kerats
#endif
