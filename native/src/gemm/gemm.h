// Public GEMM entry point of the native CPU backend.
#pragma once

#include <cstdint>

#include "../dtype-code.h"

namespace kerats {

struct GemmArgs {
  // Each is F32, F16 or BF16 (the addon checks; other codes are not GEMM types). A and
  // B may differ (mixed allowed); C may be any of the three.
  DT a_type, b_type, c_type;
  const void* a;
  const void* b;
  void* c;
  bool trans_a, trans_b;  // op(A) is m x k, op(B) is k x n; all row-major
  int64_t m, n, k;
  int64_t lda, ldb, ldc;  // row-major leading dimensions (elements) of A, B, C as stored
  const float* bias;      // optional, length n, added to every row before the activation
  bool relu;              // optional fused relu
  // Optional extra float32 epilogue applied to each finished row segment of C
  // in float32 before rounding to c_type (used for gelu/sigmoid/tanh):
  void (*epilogue)(float* values, int64_t count, void* ctx);
  void* epilogue_ctx;
};

// C = round_to_c_type(epilogue(relu(op(A)·op(B) + bias))), accumulated in
// float32, rounded to nearest even. Uses the global thread pool; batched
// products loop outside. Kernel choice (at first use, from cpu_features()):
//  - bf16 x bf16: AVX512_BF16 vdpbf16ps kernel;
//  - anything else (f32, f16, mixes): float32 AVX-512 FMA kernel, converting
//    f16/bf16 to float32 while packing;
//  - without AVX-512: portable C++ kernel.
// The epilogue is called with row segments of at most one register tile
// (up to 32 values), of one small-M column group (kSmallMGroup tiles: up to
// 256 values) or, for narrow outputs, whole rows; it may be called from any
// pool thread, concurrently.
void gemm(const GemmArgs& args);

// Name of the kernel family gemm() would use for these input types
// (e.g. "avx512-f32", "avx512-bf16", "portable-f32"); for logs and benches.
const char* gemm_kernel_name(DT a_type, DT b_type);

}  // namespace kerats
