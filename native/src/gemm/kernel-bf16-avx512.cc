// bf16 microkernel on AVX512_BF16 vdpbf16ps: each instruction multiplies 16
// lanes x 2 consecutive-k bf16 pairs and accumulates into float32, i.e. twice
// the flops of an FMA. Same mr x nr register tile as the float32 kernel; A
// pairs are broadcast as 32-bit values, B pairs loaded as vectors.
#include "gemm-internal.h"

#if defined(__x86_64__)
#include "../cpu-features.h"
#include "avx512-util.h"
#include "tiles.h"

#define KERATS_TARGET_AVX512_BF16 \
  __attribute__((target("avx512f,avx512bw,avx512vl,f16c,fma,avx512bf16")))

namespace kerats {
namespace gemm_detail {

namespace {

template <int MR, int NV>
KERATS_TARGET_AVX512_BF16 void kernel_bf16(int64_t depth, const void* ap, const void* bp, float* c, int64_t ldc,
                                           bool accumulate) {
  constexpr int NR = 16 * NV;
  const uint32_t* a = static_cast<const uint32_t*>(ap);
  const uint32_t* b = static_cast<const uint32_t*>(bp);
  // C rows are ldc apart (often a large power of two) and, for big
  // matrices, not in cache: start fetching the tile now so the final
  // load/add/store does not stall after the k loop.
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r) {
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc + NR - 1), _MM_HINT_T0);
  }
  const int64_t pairs = (depth + 1) / 2;
  __m512 acc[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();

#pragma GCC unroll 2
  for (int64_t q = 0; q < pairs; ++q) {
    __m512bh bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = (__m512bh)_mm512_load_si512(b + 16 * v);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * NR), _MM_HINT_T0);
#pragma GCC unroll 32
    for (int r = 0; r < MR; ++r) {
      const __m512bh av = (__m512bh)_mm512_set1_epi32(int(a[r]));
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_dpbf16_ps(acc[r][v], av, bv[v]);
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

const Impl kImpl = {"avx512-bf16", kBf16Mr, kBf16Nr, 2, 2, kBf16Kc, kBf16Mc, kBf16Nc,
                    pack_a_bf16_avx512, pack_b_bf16_avx512, kernel_bf16<kBf16Mr, kBf16Nr / 16>, nullptr};

}  // namespace

const Impl* impl_bf16_avx512() {
  const CpuFeatures& f = cpu_features();
  return f.avx512f && f.avx512bw && f.avx512vl && f.avx512bf16 ? &kImpl : nullptr;
}

}  // namespace gemm_detail
}  // namespace kerats
#else
namespace kerats {
namespace gemm_detail {
const Impl* impl_bf16_avx512() { return nullptr; }
}  // namespace gemm_detail
}  // namespace kerats
#endif
