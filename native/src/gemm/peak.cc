// Peak loops: 16 independent zmm accumulators (more than latency x pipes =
// 4 x 2 for FMA, ~6 x 2 for vdpbf16ps), no memory traffic.
#include "peak.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

#include "../cpu-features.h"
#include "../thread-pool.h"

#if defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

namespace kerats {

namespace {

constexpr int64_t kIters = 1 << 22;

#if defined(__x86_64__)
// Returns a value depending on all accumulators so nothing is optimised away.
__attribute__((target("avx512f,fma"), noinline)) float fma_loop(int64_t iters, float seed) {
  __m512 acc[16];
  for (int i = 0; i < 16; ++i) acc[i] = _mm512_set1_ps(seed * float(i));
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int64_t it = 0; it < iters; ++it) {
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
  }
  __m512 s = acc[0];
  for (int i = 1; i < 16; ++i) s = _mm512_add_ps(s, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);
  float r = 0;
  for (float v : lanes) r += v;
  return r;
}

// Without AVX-512: 12 independent ymm chains (latency 4-5 x 2 pipes needs 10).
__attribute__((target("avx2,fma"), noinline)) float fma_loop_avx2(int64_t iters, float seed) {
  __m256 acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(seed * float(i));
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (int64_t it = 0; it < iters; ++it) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
  }
  __m256 s = acc[0];
  for (int i = 1; i < 12; ++i) s = _mm256_add_ps(s, acc[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, s);
  float r = 0;
  for (float v : lanes) r += v;
  return r;
}

__attribute__((target("avx512f,avx512bf16"), noinline)) float bf16_loop(int64_t iters, float seed) {
  __m512 acc[16];
  for (int i = 0; i < 16; ++i) acc[i] = _mm512_set1_ps(seed * float(i));
  const __m512bh x = (__m512bh)_mm512_set1_epi32(0x3f803f80), y = (__m512bh)_mm512_set1_epi32(0x33d633d6);
  for (int64_t it = 0; it < iters; ++it) {
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) acc[i] = _mm512_dpbf16_ps(acc[i], x, y);
  }
  __m512 s = acc[0];
  for (int i = 1; i < 16; ++i) s = _mm512_add_ps(s, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);
  float r = 0;
  for (float v : lanes) r += v;
  return r;
}
#endif

}  // namespace

double measure_peak_gflops(DT type, int threads) {
#if defined(__x86_64__)
  const CpuFeatures& f = cpu_features();
  const bool bf16 = type == DT::BF16;
  if (bf16 && !(f.avx512f && f.avx512bf16)) return 0.0;
  const bool avx2 = !bf16 && !(f.avx512f && f.fma);
  if (avx2 && !(f.avx2 && f.fma)) return 0.0;
  threads = std::max(1, std::min(threads, num_threads()));
  // flops per iteration: 16 accumulators x 16 lanes x 2 (FMA) or x 4 (2 pairs x FMA); AVX2: 12 x 8 x 2.
  const double flops_per_iter = avx2 ? 12.0 * 8.0 * 2.0 : 16.0 * 16.0 * (bf16 ? 4.0 : 2.0);
  std::atomic<float> sink{0};
  // Each task times itself and the rates add up: if the pool runs two tasks one after
  // the other (a helper slow to wake on a shared machine), the sum is still the rate of
  // that many cores, not half of it.
  std::vector<double> secs(size_t(threads), 0.0);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    parallel_for(threads, [&](int64_t t, int) {
      const auto t0 = std::chrono::steady_clock::now();
      const float seed = float(t) * 1e-3f;
      const float r = bf16 ? bf16_loop(kIters / 8, seed) : avx2 ? fma_loop_avx2(kIters / 8, seed) : fma_loop(kIters / 8, seed);
      sink.store(r, std::memory_order_relaxed);
      secs[size_t(t)] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    });
    double rate = 0;
    for (double s : secs) rate += flops_per_iter * (kIters / 8) / s * 1e-9;
    best = std::max(best, rate);
  }
  return best;
#else
  (void)type;
  (void)threads;
  return 0.0;
#endif
}

}  // namespace kerats
