#include "kernels/cast.h"

#include <cmath>

#include "kernels/elementwise.h"
#include "kernels/lanes8.h"

namespace kerats {
namespace {

// Scalar element access for every dtype a cast reads, as float32 (integers in
// float32 round to nearest even, as a Float32Array store does).
template <DT D>
float load_any(const void* p, int64_t i) {
  if constexpr (D == DT::U8) return float(static_cast<const uint8_t*>(p)[i]);
  else if constexpr (D == DT::I32) return float(static_cast<const int32_t*>(p)[i]);
  else return Elem<D>::load(p, i);
}

// float -> int: truncate toward zero, saturate, NaN -> 0.
inline int32_t to_i32(float v) {
  if (v != v) return 0;
  if (v >= 2147483648.0f) return 2147483647;
  if (v <= -2147483648.0f) return int32_t(-2147483647 - 1);
  return int32_t(v);
}
inline uint8_t to_u8(float v) {
  if (!(v > 0)) return 0;  // also NaN
  if (v >= 255.0f) return 255;
  return uint8_t(v);
}

template <DT S, DT T>
void cast_scalar(const void* x, void* out, int64_t i0, int64_t i1) {
  for (int64_t i = i0; i < i1; i++) {
    const float v = load_any<S>(x, i);
    if constexpr (T == DT::I32) static_cast<int32_t*>(out)[i] = to_i32(v);
    else if constexpr (T == DT::U8) static_cast<uint8_t*>(out)[i] = to_u8(v);
    else if constexpr (T == DT::BOOL) static_cast<uint8_t*>(out)[i] = v != 0;
    else Elem<T>::store(out, i, v);
  }
}

#if defined(__x86_64__)
template <DT S>
KERATS_TARGET_AVX512 inline __m512 load_any16(const void* p, int64_t i, int c) {
  const __mmask16 m = __mmask16((1u << c) - 1);
  if constexpr (S == DT::U8) {
    const __m128i b = _mm_maskz_loadu_epi8(m, static_cast<const uint8_t*>(p) + i);
    return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(b));
  } else if constexpr (S == DT::I32) {
    return _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(m, static_cast<const int32_t*>(p) + i));
  } else {
    return Lanes<S>::load(p, i, c);
  }
}

template <DT S, DT T>
KERATS_TARGET_AVX512 void cast_avx512(const void* x, void* out, int64_t i0, int64_t i1) {
  for (int64_t i = i0; i < i1; i += 16) {
    const int c = i1 - i >= 16 ? 16 : int(i1 - i);
    const __mmask16 m = __mmask16((1u << c) - 1);
    const __m512 v = load_any16<S>(x, i, c);
    if constexpr (T == DT::I32) {
      __m512i r = _mm512_cvttps_epi32(v);  // 0x80000000 for NaN and out of range
      r = _mm512_mask_mov_epi32(r, _mm512_cmp_ps_mask(v, _mm512_set1_ps(2147483648.0f), _CMP_GE_OQ), _mm512_set1_epi32(2147483647));
      r = _mm512_maskz_mov_epi32(_mm512_cmp_ps_mask(v, v, _CMP_ORD_Q), r);
      _mm512_mask_storeu_epi32(static_cast<int32_t*>(out) + i, m, r);
    } else if constexpr (T == DT::U8) {
      // max(v, 0) gives 0 for NaN (the second operand is returned for unordered inputs).
      const __m512 clamped = _mm512_min_ps(_mm512_max_ps(v, _mm512_setzero_ps()), _mm512_set1_ps(255.0f));
      _mm_mask_storeu_epi8(static_cast<uint8_t*>(out) + i, m, _mm512_cvtepi32_epi8(_mm512_cvttps_epi32(clamped)));
    } else if constexpr (T == DT::BOOL) {
      const __mmask16 nz = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
      _mm_mask_storeu_epi8(static_cast<uint8_t*>(out) + i, m, _mm_maskz_mov_epi8(nz, _mm_set1_epi8(1)));
    } else {
      Lanes<T>::store(out, i, v, c);
    }
  }
}

template <DT S, DT T>
KERATS_TARGET_AVX2 void cast_avx2(const void* x, void* out, int64_t i0, int64_t i1) {
  int64_t i = i0;
  for (; i + 8 <= i1; i += 8) store8<T>(out, i, load8<S>(x, i));
  cast_scalar<S, T>(x, out, i, i1);
}
#endif

using CastFn = void (*)(const void*, void*, int64_t, int64_t);

constexpr bool is_float(DT d) { return d == DT::F32 || d == DT::F16 || d == DT::BF16; }

template <DT S, DT T>
CastFn pick() {
#if defined(__x86_64__)
  if (has_avx512()) return cast_avx512<S, T>;
  if constexpr (is_float(S) && is_float(T)) {
    if (has_avx2()) return cast_avx2<S, T>;
  }
#endif
  return cast_scalar<S, T>;
}

template <DT S>
CastFn pick_target(DT t) {
  const bool float_src = S == DT::F32 || S == DT::F16 || S == DT::BF16;
  switch (t) {
    case DT::F32: return pick<S, DT::F32>();
    case DT::F16: return pick<S, DT::F16>();
    case DT::BF16: return pick<S, DT::BF16>();
    case DT::I32: return float_src ? pick<S, DT::I32>() : nullptr;
    case DT::U8: return float_src ? pick<S, DT::U8>() : nullptr;
    case DT::BOOL: return float_src ? pick<S, DT::BOOL>() : nullptr;
    default: return nullptr;
  }
}

CastFn cast_fn(DT s, DT t) {
  switch (s) {
    case DT::F32: return pick_target<DT::F32>(t);
    case DT::F16: return pick_target<DT::F16>(t);
    case DT::BF16: return pick_target<DT::BF16>(t);
    case DT::U8: return pick_target<DT::U8>(t);
    case DT::I32: return pick_target<DT::I32>(t);
    default: return nullptr;
  }
}

}  // namespace

bool cast(DT src, const void* x, DT dst, void* out, int64_t n) {
  const CastFn fn = cast_fn(src, dst);
  if (!fn) return false;
  parallel_range(n, [&](int64_t i0, int64_t i1) { fn(x, out, i0, i1); });
  return true;
}

}  // namespace kerats
