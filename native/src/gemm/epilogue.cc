// Portable row finishing: bias, relu, and rounding float32 rows of C to the
// output dtype (bit-exact with the TypeScript conversions via half.h).
#include "../half.h"
#include "gemm-internal.h"

namespace kerats {
namespace gemm_detail {

namespace {

void bias_relu_portable(float* seg, int64_t n, const float* bias, bool relu) {
  if (bias)
    for (int64_t j = 0; j < n; ++j) seg[j] += bias[j];
  if (relu)
    for (int64_t j = 0; j < n; ++j) seg[j] = seg[j] <= 0.0f ? 0.0f : seg[j];  // NaN stays NaN, -0 -> +0 (as the TS relu)
}

void store_row_portable(const float* seg, int64_t n, DT type, void* dst) {
  switch (type) {
    case DT::F32: {
      float* d = static_cast<float*>(dst);
      if (d != seg)
        for (int64_t j = 0; j < n; ++j) d[j] = seg[j];
      break;
    }
    case DT::F16: {
      uint16_t* d = static_cast<uint16_t*>(dst);
      for (int64_t j = 0; j < n; ++j) d[j] = float_to_f16_bits(seg[j]);
      break;
    }
    case DT::BF16: {
      uint16_t* d = static_cast<uint16_t*>(dst);
      for (int64_t j = 0; j < n; ++j) d[j] = float_to_bf16_bits(seg[j]);
      break;
    }
    default: break;  // not a GEMM type: gemm.h admits F32, F16 and BF16 only
  }
}

}  // namespace

const RowFinisher& row_finisher_portable() {
  static const RowFinisher f = {bias_relu_portable, store_row_portable};
  return f;
}

}  // namespace gemm_detail
}  // namespace kerats
