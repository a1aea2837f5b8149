// GEMM throughput table for native/src/gemm.
// Build (see native/test/Makefile, target `bench`):
//   g++ -std=c++17 -O3 -pthread -I../src gemm-bench.cc ../src/gemm/*.cc ../src/thread-pool.cc ../src/cpu-features.cc -o /tmp/gemm-bench
// Usage: gemm-bench [--quick] [--big] [--threads 1,2] [--types f32,f16,bf16]
//   --big adds the 8192x4096x4096 shapes (275 GFLOP each; slow on one core).
// Each entry is the best of a few repetitions (the machine is shared and
// noisy); % is of the register-only peak measured in the same run for that
// thread count (fp32 FMA peak for f32/f16, vdpbf16ps peak for bf16).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gemm/gemm.h"
#include "gemm/peak.h"
#include "half.h"
#include "thread-pool.h"

using namespace kerats;

struct Shape {
  const char* name;
  int64_t m, k, n;
  bool ta, tb;
  bool big;
};

// --cpu-time: time with process CPU time / threads instead of wall time, a
// tuning aid on a shared machine (wall time counts periods when another
// process held our core).
static bool g_cpu_time = false;
static int g_threads = 1;
static double now() {
  if (g_cpu_time) {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (ts.tv_sec + ts.tv_nsec * 1e-9) / g_threads;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static std::vector<uint8_t> random_matrix(DT t, int64_t count) {
  std::vector<uint8_t> v(size_t(count) * (t == DT::F32 ? 4 : 2));
  uint32_t s = 0x12345678u;
  for (int64_t i = 0; i < count; ++i) {
    s = s * 1664525u + 1013904223u;
    const float x = float(int32_t(s >> 8) - (1 << 23)) / float(1 << 23);
    if (t == DT::F32) std::memcpy(&v[size_t(i) * 4], &x, 4);
    else {
      const uint16_t h = t == DT::F16 ? float_to_f16_bits(x) : float_to_bf16_bits(x);
      std::memcpy(&v[size_t(i) * 2], &h, 2);
    }
  }
  return v;
}

static double run_shape(const Shape& s, DT t, int reps) {
  const int64_t a_rows = s.ta ? s.k : s.m, a_cols = s.ta ? s.m : s.k;
  const int64_t b_rows = s.tb ? s.n : s.k, b_cols = s.tb ? s.k : s.n;
  std::vector<uint8_t> a = random_matrix(t, a_rows * a_cols), b = random_matrix(t, b_rows * b_cols);
  std::vector<uint8_t> c(size_t(s.m * s.n) * (t == DT::F32 ? 4 : 2));
  GemmArgs g{};
  g.a_type = g.b_type = g.c_type = t;
  g.a = a.data();
  g.b = b.data();
  g.c = c.data();
  g.trans_a = s.ta;
  g.trans_b = s.tb;
  g.m = s.m;
  g.n = s.n;
  g.k = s.k;
  g.lda = a_cols;
  g.ldb = b_cols;
  g.ldc = s.n;
  const double flops = 2.0 * s.m * s.n * s.k;
  gemm(g);  // warm-up: buffers, page faults, caches
  double best = 1e30;
  double spent = 0;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now();
    gemm(g);
    const double dt = now() - t0;
    best = std::min(best, dt);
    spent += dt;
    if (spent > 2.0 && r >= 1) break;
  }
  return flops / best * 1e-9;
}

int main(int argc, char** argv) {
  bool quick = false, big = false;
  std::vector<Shape> custom;
  std::vector<int> thread_counts = {1, 2};
  std::vector<DT> types = {DT::F32, DT::F16, DT::BF16};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") quick = true;
    else if (a == "--big") big = true;
    else if (a == "--cpu-time") g_cpu_time = true;
    else if (a == "--shape" && i + 1 < argc) {
      // Custom shape M,K,N[,ta,tb] instead of the table's.
      long long m, k, n;
      int ta = 0, tb = 0;
      if (std::sscanf(argv[++i], "%lld,%lld,%lld,%d,%d", &m, &k, &n, &ta, &tb) >= 3)
        custom.push_back({"custom", m, k, n, ta != 0, tb != 0, false});
    }
    else if (a == "--threads" && i + 1 < argc) {
      thread_counts.clear();
      for (const char* p = argv[++i]; *p;) {
        thread_counts.push_back(std::atoi(p));
        while (*p && *p != ',') ++p;
        if (*p) ++p;
      }
    } else if (a == "--types" && i + 1 < argc) {
      types.clear();
      const std::string v = argv[++i];
      if (v.find("f32") != std::string::npos) types.push_back(DT::F32);
      if (v.find("f16") != std::string::npos && v.find("bf16") != v.find("f16") - 1) types.push_back(DT::F16);
      if (v.find("bf16") != std::string::npos) types.push_back(DT::BF16);
    }
  }
  // (M, K, N): Y = X·W forward, dW = X^T·dY (K, M, N) with trans_a, dX = dY·W^T (M, N, K) with trans_b.
  std::vector<Shape> shapes = {
      {"512^3", 512, 512, 512, false, false, false},
      {"1024^3", 1024, 1024, 1024, false, false, false},
      {"2048^3", 2048, 2048, 2048, false, false, false},
      {"fwd 8192x784x4096", 8192, 784, 4096, false, false, false},
      {"dW  784x8192x4096 tA", 784, 8192, 4096, true, false, false},
      {"dX  8192x4096x784 tB", 8192, 4096, 784, false, true, false},
      {"fwd 8192x4096x4096", 8192, 4096, 4096, false, false, true},
      {"dW  4096x8192x4096 tA", 4096, 8192, 4096, true, false, true},
      {"dX  8192x4096x4096 tB", 8192, 4096, 4096, false, true, true},
      {"fwd 8192x4096x10", 8192, 4096, 10, false, false, false},
      {"dW  4096x8192x10 tA", 4096, 8192, 10, true, false, false},
      {"dX  8192x10x4096 tB", 8192, 10, 4096, false, true, false},
  };
  if (!custom.empty()) shapes = custom;
  const int max_threads = num_threads();
  std::printf("threads available: %d; kernels: f32 %s, f16 %s, bf16 %s\n", max_threads,
              gemm_kernel_name(DT::F32, DT::F32), gemm_kernel_name(DT::F16, DT::F16),
              gemm_kernel_name(DT::BF16, DT::BF16));
  for (int th : thread_counts) {
    set_num_threads(th);
    g_threads = th;
    const double peak32 = measure_peak_gflops(DT::F32, th), peak16 = measure_peak_gflops(DT::BF16, th);
    std::printf("\n== %d thread%s: peak fp32 FMA %.0f GFLOP/s, bf16 vdpbf16ps %.0f GFLOP/s ==\n", th, th > 1 ? "s" : "",
                peak32, peak16);
    std::printf("%-24s", "shape (M,K,N)");
    for (DT t : types) std::printf("  %16s", t == DT::F32 ? "f32 GF/s (%pk)" : t == DT::F16 ? "f16 GF/s (%pk)" : "bf16 GF/s (%pk)");
    std::printf("\n");
    for (const Shape& s : shapes) {
      if (s.big && !big) continue;
      if (quick && (s.m * s.n * s.k > (int64_t(1) << 33))) continue;
      std::printf("%-24s", s.name);
      std::fflush(stdout);
      for (DT t : types) {
        const double gf = run_shape(s, t, s.big ? 1 : 5);
        const double pk = t == DT::BF16 ? peak16 : peak32;
        std::printf("  %8.1f (%4.0f%%)", gf, pk > 0 ? 100.0 * gf / pk : 0.0);
        std::fflush(stdout);
      }
      std::printf("\n");
    }
  }
  return 0;
}
