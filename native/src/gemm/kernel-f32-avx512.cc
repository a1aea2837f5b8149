// float32 AVX-512 FMA microkernel: an mr x nr tile of C in zmm accumulators.
// Per k step it loads nr/16 vectors of the B micro-panel and, for each of
// the mr rows, broadcasts one A value (folded into the FMA as an embedded
// {1to16} memory operand) - mr*nr/16 independent FMAs, enough to cover the
// 4-cycle FMA latency on two pipes many times over.
#include "gemm-internal.h"

#if defined(__x86_64__)
#include "../cpu-features.h"
#include "avx512-util.h"
#include "tiles.h"

namespace kerats {
namespace gemm_detail {

namespace {

template <int MR, int NV>
KERATS_TARGET_AVX512 void kernel_f32(int64_t depth, const void* ap, const void* bp, float* c, int64_t ldc,
                                     bool accumulate) {
  constexpr int NR = 16 * NV;
  const float* a = static_cast<const float*>(ap);
  const float* b = static_cast<const float*>(bp);
  // C rows are ldc apart (often a large power of two) and, for big
  // matrices, not in cache: start fetching the tile now so the final
  // load/add/store does not stall after the k loop.
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r) {
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc + NR - 1), _MM_HINT_T0);
  }
  __m512 acc[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();

#pragma GCC unroll 2
  for (int64_t p = 0; p < depth; ++p) {
    __m512 bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = _mm512_load_ps(b + 16 * v);
    // Prefetch the B panel a few k steps ahead (A streams fine on its own).
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512 av = _mm512_set1_ps(a[r]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
    }
    a += MR;
    b += NR;
  }

#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r) {
    float* cr = c + r * ldc;
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      __m512 x = acc[r][v];
      if (accumulate) x = _mm512_add_ps(x, _mm512_loadu_ps(cr + 16 * v));
      _mm512_storeu_ps(cr + 16 * v, x);
    }
  }
}

const Impl kImpl = {"avx512-f32", kF32Mr, kF32Nr, 1, 4, kF32Kc, kF32Mc, kF32Nc,
                    pack_a_f32_avx512, pack_b_f32_avx512, kernel_f32<kF32Mr, kF32Nr / 16>, nullptr};

}  // namespace

const Impl* impl_f32_avx512() {
  const CpuFeatures& f = cpu_features();
  return f.avx512f && f.avx512bw && f.avx512vl && f.f16c && f.fma ? &kImpl : nullptr;
}

}  // namespace gemm_detail
}  // namespace kerats
#else
namespace kerats {
namespace gemm_detail {
const Impl* impl_f32_avx512() { return nullptr; }
}  // namespace gemm_detail
}  // namespace kerats
#endif
