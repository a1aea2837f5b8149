// Shared AVX-512 helpers for the packing routines: typed masked loads that
// widen to float32, and an in-register 16x16 transpose of 32-bit elements.
// Include only from files whose functions carry KERATS_TARGET_AVX512.
#pragma once

#if defined(__x86_64__)
// GCC 12 reports false -Wmaybe-uninitialized warnings inside the AVX-512
// intrinsic headers (their `__Y = __Y` undefined-value idiom) when inlined
// at -O3 with -Wall; silence them for the header text only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <cstdint>

#include "../half.h"
#include "gemm.h"

namespace kerats {
namespace gemm_detail {

// First `n` lanes set (n in [0, 16]).
inline __mmask16 lane_mask16(int64_t n) { return n >= 16 ? __mmask16(0xffff) : __mmask16((1u << n) - 1u); }

// Loads the first `n` of 16 consecutive elements of type T as float32 (zeros
// past n); never touches memory past element n-1.
template <DT T>
KERATS_TARGET_AVX512 inline __m512 load16_as_f32(const void* src, __mmask16 mask) {
  if constexpr (T == DT::F32) {
    return _mm512_maskz_loadu_ps(mask, src);
  } else if constexpr (T == DT::F16) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, src));
  } else {
    const __m512i w = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mask, src));
    return _mm512_castsi512_ps(_mm512_slli_epi32(w, 16));
  }
}

// Transposes r[0..15] (row i = r[i]) in place: afterwards r[j] holds column j.
KERATS_TARGET_AVX512 inline void transpose16x16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);      // per 128-bit lane: a0 b0 a1 b1
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);  // a2 b2 a3 b3
  }
  for (int i = 0; i < 4; ++i) {
    const __m512d t0 = _mm512_castps_pd(t[4 * i]), t1 = _mm512_castps_pd(t[4 * i + 1]);
    const __m512d t2 = _mm512_castps_pd(t[4 * i + 2]), t3 = _mm512_castps_pd(t[4 * i + 3]);
    r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));      // column 0 of rows 4i..4i+3 (per lane)
    r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));  // column 1
    r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));  // column 2
    r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));  // column 3
  }
  // r[4g + j], lane L now holds column j + 4L of rows 4g..4g+3: gather lanes.
  __m512 out[16];
  for (int j = 0; j < 4; ++j) {
    const __m512 u0 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x88);  // g0.L0 g0.L2 g1.L0 g1.L2
    const __m512 u1 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xdd);  // g0.L1 g0.L3 g1.L1 g1.L3
    const __m512 u2 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x88);
    const __m512 u3 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xdd);
    out[j] = _mm512_shuffle_f32x4(u0, u2, 0x88);
    out[j + 8] = _mm512_shuffle_f32x4(u0, u2, 0xdd);
    out[j + 4] = _mm512_shuffle_f32x4(u1, u3, 0x88);
    out[j + 12] = _mm512_shuffle_f32x4(u1, u3, 0xdd);
  }
  for (int i = 0; i < 16; ++i) r[i] = out[i];
}

}  // namespace gemm_detail
}  // namespace kerats
#endif
