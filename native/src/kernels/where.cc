#include "kernels/where.h"

#include "kernels/dtype.h"

namespace kerats {
namespace {

template <class T>
void where_scalar(const uint8_t* c, const T* a, const T* b, T* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  for (int64_t i = 0; i < len; i++) out[o + i] = c[in[0] + i * st[0]] ? a[in[1] + i * st[1]] : b[in[2] + i * st[2]];
}

#if defined(__x86_64__)
// 16 lanes of a 32-bit (or, widened, 16-bit) input row at stride 1 or 0.
KERATS_TARGET_AVX512 inline __m512i lanes32(const uint32_t* p, int64_t base, int64_t stride, int64_t i, __mmask16 m) {
  return stride == 0 ? _mm512_set1_epi32(int(p[base])) : _mm512_maskz_loadu_epi32(m, p + base + i);
}
KERATS_TARGET_AVX512 inline __m256i lanes16(const uint16_t* p, int64_t base, int64_t stride, int64_t i, __mmask16 m) {
  return stride == 0 ? _mm256_set1_epi16(short(p[base])) : _mm256_maskz_loadu_epi16(m, p + base + i);
}
KERATS_TARGET_AVX512 inline __mmask16 cond16(const uint8_t* c, int64_t base, int64_t stride, int64_t i, __mmask16 m) {
  if (stride == 0) return c[base] ? m : 0;
  return _mm_mask_test_epi8_mask(m, _mm_maskz_loadu_epi8(m, c + base + i), _mm_set1_epi8(-1));
}

KERATS_TARGET_AVX512 void where32(const uint8_t* c, const uint32_t* a, const uint32_t* b, uint32_t* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  if ((st[0] | st[1] | st[2]) > 1) return where_scalar(c, a, b, out, o, in, st, len);
  for (int64_t i = 0; i < len; i += 16) {
    const __mmask16 m = len - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (len - i)) - 1);
    const __m512i r = _mm512_mask_blend_epi32(cond16(c, in[0], st[0], i, m), lanes32(b, in[2], st[2], i, m), lanes32(a, in[1], st[1], i, m));
    _mm512_mask_storeu_epi32(out + o + i, m, r);
  }
}

KERATS_TARGET_AVX512 void where16(const uint8_t* c, const uint16_t* a, const uint16_t* b, uint16_t* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  if ((st[0] | st[1] | st[2]) > 1) return where_scalar(c, a, b, out, o, in, st, len);
  for (int64_t i = 0; i < len; i += 16) {
    const __mmask16 m = len - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (len - i)) - 1);
    const __m256i r = _mm256_mask_blend_epi16(cond16(c, in[0], st[0], i, m), lanes16(b, in[2], st[2], i, m), lanes16(a, in[1], st[1], i, m));
    _mm256_mask_storeu_epi16(out + o + i, m, r);
  }
}
#endif

#if defined(__x86_64__)
// Without AVX-512: the rows at stride 1 or 0 as plain loops with the broadcast values
// hoisted, which the compiler vectorises under the AVX2 target.
template <class T>
KERATS_TARGET_AVX2 void where_avx2(const uint8_t* c, const T* a, const T* b, T* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  if ((st[0] | st[1] | st[2]) > 1 || st[0] == 0) return where_scalar(c, a, b, out, o, in, st, len);
  const uint8_t* cp = c + in[0];
  const T* ap = a + in[1];
  const T* bp = b + in[2];
  T* z = out + o;
  if (st[1] == 1 && st[2] == 1) {
    for (int64_t i = 0; i < len; i++) z[i] = cp[i] ? ap[i] : bp[i];
  } else if (st[1] == 1) {
    const T bv = *bp;
    for (int64_t i = 0; i < len; i++) z[i] = cp[i] ? ap[i] : bv;
  } else if (st[2] == 1) {
    const T av = *ap;
    for (int64_t i = 0; i < len; i++) z[i] = cp[i] ? av : bp[i];
  } else {
    const T av = *ap, bv = *bp;
    for (int64_t i = 0; i < len; i++) z[i] = cp[i] ? av : bv;
  }
}
#endif

template <class T>
void run(const uint8_t* cond, const void* a, const void* b, void* out, const Broadcast& bc) {
  for_each_segment(bc, [&](int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
#if defined(__x86_64__)
    if (has_avx512()) {
      if constexpr (sizeof(T) == 4) return where32(cond, static_cast<const uint32_t*>(a), static_cast<const uint32_t*>(b), static_cast<uint32_t*>(out), o, in, st, len);
      if constexpr (sizeof(T) == 2) return where16(cond, static_cast<const uint16_t*>(a), static_cast<const uint16_t*>(b), static_cast<uint16_t*>(out), o, in, st, len);
    }
    if (has_avx2()) return where_avx2(cond, static_cast<const T*>(a), static_cast<const T*>(b), static_cast<T*>(out), o, in, st, len);
#endif
    where_scalar(cond, static_cast<const T*>(a), static_cast<const T*>(b), static_cast<T*>(out), o, in, st, len);
  });
}

}  // namespace

bool where(int elem_size, const uint8_t* cond, const void* a, const void* b, void* out, const Broadcast& bc) {
  switch (elem_size) {
    case 4: run<uint32_t>(cond, a, b, out, bc); return true;
    case 2: run<uint16_t>(cond, a, b, out, bc); return true;
    case 1: run<uint8_t>(cond, a, b, out, bc); return true;
    default: return false;
  }
}

}  // namespace kerats
