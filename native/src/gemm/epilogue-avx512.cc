// AVX-512 row finishing: the same results as epilogue.cc, 16 lanes at a time
// with masked tails (output conversion matters when k is small and the
// product is cheap, e.g. the dX = dY·W^T shapes with a narrow k).
#include "gemm-internal.h"

#if defined(__x86_64__)
#include "../cpu-features.h"
#include "avx512-util.h"

namespace kerats {
namespace gemm_detail {

namespace {

KERATS_TARGET_AVX512 void bias_relu_avx512(float* seg, int64_t n, const float* bias, bool relu) {
  const __m512 zero = _mm512_setzero_ps();
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 m = lane_mask16(n - j);
    __m512 x = _mm512_maskz_loadu_ps(m, seg + j);
    if (bias) x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(m, bias + j));
    if (relu) x = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, zero, _CMP_LE_OQ), x, zero);  // NaN kept, -0 -> +0
    _mm512_mask_storeu_ps(seg + j, m, x);
  }
}

KERATS_TARGET_AVX512 void store_row_avx512(const float* seg, int64_t n, DT type, void* dst) {
  if (type == DT::F32) {
    float* d = static_cast<float*>(dst);
    if (d == seg) return;
    for (int64_t j = 0; j < n; j += 16) {
      const __mmask16 m = lane_mask16(n - j);
      _mm512_mask_storeu_ps(d + j, m, _mm512_maskz_loadu_ps(m, seg + j));
    }
    return;
  }
  uint16_t* d = static_cast<uint16_t*>(dst);
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 m = lane_mask16(n - j);
    const __m512 x = _mm512_maskz_loadu_ps(m, seg + j);
    const __m256i h = type == DT::F16 ? f32x16_to_f16(x) : f32x16_to_bf16(x);
    _mm256_mask_storeu_epi16(d + j, m, h);
  }
}

}  // namespace

const RowFinisher* row_finisher_avx512() {
  static const RowFinisher f = {bias_relu_avx512, store_row_avx512};
  const CpuFeatures& c = cpu_features();
  return c.avx512f && c.avx512bw && c.avx512vl && c.f16c ? &f : nullptr;
}

}  // namespace gemm_detail
}  // namespace kerats
#else
namespace kerats {
namespace gemm_detail {
const RowFinisher* row_finisher_avx512() { return nullptr; }
}  // namespace gemm_detail
}  // namespace kerats
#endif
