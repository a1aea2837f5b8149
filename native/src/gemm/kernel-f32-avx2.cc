// float32 AVX2 FMA microkernel, for x86-64 CPUs without AVX-512 (Zen 1-3, Intel before
// Ice Lake): a 6 x 16 tile of C in 12 ymm accumulators. Per k step it loads the two B
// vectors and, for each of the 6 rows, broadcasts one A value: 12 independent FMAs,
// more than the 4-5 cycle FMA latency times the two FMA pipes. Packing is the portable
// scalar packer (it converts f16/bf16 to float32); its cost is O(mk + kn) against the
// kernel's O(mnk).
#include "gemm-internal.h"

#if defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include "../cpu-features.h"
#include "tiles.h"

#define KERATS_TARGET_AVX2 __attribute__((target("avx2,fma")))

namespace kerats {
namespace gemm_detail {

namespace {

KERATS_TARGET_AVX2 void kernel_avx2(int64_t depth, const void* ap, const void* bp, float* c, int64_t ldc, bool accumulate) {
  constexpr int MR = kAvx2Mr, NV = kAvx2Nr / 8;
  const float* a = static_cast<const float*>(ap);
  const float* b = static_cast<const float*>(bp);
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
  __m256 acc[MR][NV];
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_setzero_ps();

#pragma GCC unroll 4
  for (int64_t p = 0; p < depth; ++p) {
    __m256 bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) bv[v] = _mm256_loadu_ps(b + 8 * v);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * kAvx2Nr), _MM_HINT_T0);
#pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const __m256 av = _mm256_broadcast_ss(a + r);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
    }
    a += MR;
    b += kAvx2Nr;
  }

#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    float* cr = c + r * ldc;
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      __m256 x = acc[r][v];
      if (accumulate) x = _mm256_add_ps(x, _mm256_loadu_ps(cr + 8 * v));
      _mm256_storeu_ps(cr + 8 * v, x);
    }
  }
}

void pack_a(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_f32_generic(x, r0, rows, c0, depth, kAvx2Mr, static_cast<float*>(dst));
}
void pack_b(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_f32_generic(x, r0, rows, c0, depth, kAvx2Nr, static_cast<float*>(dst));
}

const Impl kImpl = {"avx2-f32", kAvx2Mr, kAvx2Nr, 1, 4, kAvx2Kc, kAvx2Mc, kAvx2Nc, pack_a, pack_b, kernel_avx2};

}  // namespace

const Impl* impl_f32_avx2() {
  const CpuFeatures& f = cpu_features();
  return f.avx2 && f.fma ? &kImpl : nullptr;
}

}  // namespace gemm_detail
}  // namespace kerats
#else
namespace kerats {
namespace gemm_detail {
const Impl* impl_f32_avx2() { return nullptr; }
}  // namespace gemm_detail
}  // namespace kerats
#endif
