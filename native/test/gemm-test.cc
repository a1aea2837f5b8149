// Correctness tests for native/src/gemm (and half.h conversions).
// Build and run (see native/test/Makefile):
//   g++ -std=c++17 -O3 -pthread -I../src gemm-test.cc ../src/gemm/*.cc ../src/thread-pool.cc
//       ../src/cpu-features.cc -o /tmp/gemm-test  &&  /tmp/gemm-test
// Options: --exhaustive (all 2^32 float patterns for the conversions), --quick.
// Environment: KERATS_GEMM_ISA=portable|avx2-f32|avx512-f32 restricts the kernels.
// Exits non-zero on any failure.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cpu-features.h"
#include "gemm/gemm.h"
#include "half.h"
#include "thread-pool.h"

using namespace kerats;

static int g_failures = 0;
#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      if (++g_failures <= 30) {                            \
        std::printf("FAIL %s:%d: ", __FILE__, __LINE__);   \
        std::printf(__VA_ARGS__);                          \
        std::printf("\n");                                 \
      }                                                    \
    }                                                      \
  } while (0)

// ---------------------------------------------------------------- conversions

// Straightforward double-based reference of the TS float16 rule.
static uint16_t ref_f16(float x) {
  const uint32_t u = float_bits(x);
  const uint16_t sign = (u >> 16) & 0x8000;
  if (std::isnan(x)) return sign | 0x7e00;
  double a = std::fabs(double(x));
  if (a >= 65520.0) return sign | 0x7c00;
  if (a < std::ldexp(1.0, -14)) return sign | uint16_t(std::nearbyint(a * 16777216.0));  // default RNE mode
  int e;
  std::frexp(a, &e);  // a = f * 2^e, f in [0.5, 1)
  e -= 1;             // a in [2^e, 2^(e+1))
  const double m = std::nearbyint(std::ldexp(a, 10 - e));  // [1024, 2048]
  return sign | uint16_t(((e + 15) << 10) + int(m) - 1024);
}

static void test_conversions(bool exhaustive) {
  const CpuFeatures& f = cpu_features();
  const bool vec = f.avx512f && f.avx512bw && f.avx512vl && f.f16c;
  const uint64_t step = exhaustive ? 1 : 4099;
  std::vector<uint32_t> specials = {0, 0x80000000u, 1, 0x007fffffu, 0x00800000u, 0x33000000u, 0x33000001u,
                                    0x337fffffu, 0x33800000u, 0x38800000u, 0x387fffffu, 0x477fe000u, 0x477fefffu,
                                    0x477ff000u, 0x7f7fffffu, 0x7f800000u, 0xff800000u, 0x7f800001u, 0xffc12345u,
                                    0x7fffffffu, 0x3f808000u, 0x3f818000u, 0x3f80ffffu, 0x00008000u, 0x00018000u,
                                    0x7f7f8000u, 0x7f7fffffu};
  std::vector<uint32_t> batch;
  auto check_batch = [&]() {
#if defined(__x86_64__)
    if (vec) {
      // Pad to a multiple of 16 and compare vector helpers with scalar ones.
      while (batch.size() % 16) batch.push_back(0);
      for (size_t i = 0; i < batch.size(); i += 16) {
        float in[16];
        uint16_t h[16], b[16];
        for (int j = 0; j < 16; ++j) in[j] = bits_float(batch[i + j]);
        [&]() __attribute__((target("avx512f,avx512bw,avx512vl,f16c,fma"))) {
          store_f32x16_as_f16(h, _mm512_loadu_ps(in));
          store_f32x16_as_bf16(b, _mm512_loadu_ps(in));
        }();
        for (int j = 0; j < 16; ++j) {
          CHECK(h[j] == float_to_f16_bits(in[j]), "vector f16 of %08x: %04x vs %04x", batch[i + j], h[j],
                float_to_f16_bits(in[j]));
          CHECK(b[j] == float_to_bf16_bits(in[j]), "vector bf16 of %08x: %04x vs %04x", batch[i + j], b[j],
                float_to_bf16_bits(in[j]));
        }
      }
    }
#endif
    batch.clear();
  };
  auto one = [&](uint32_t u) {
    const float x = bits_float(u);
    const uint16_t h = float_to_f16_bits(x);
    const uint16_t r = ref_f16(x);
    CHECK(h == r, "f16 of %08x: got %04x want %04x", u, h, r);
    // bf16 reference: nearest-even on the float32 bits, done in double.
    uint16_t rb;
    if (std::isnan(x)) {
      rb = ((u >> 16) & 0x8000) | 0x7fc0;
    } else {
      const uint32_t lo = u & 0xffff, hi = u >> 16;
      rb = uint16_t(lo > 0x8000 || (lo == 0x8000 && (hi & 1)) ? hi + 1 : hi);
    }
    CHECK(float_to_bf16_bits(x) == rb, "bf16 of %08x: got %04x want %04x", u, float_to_bf16_bits(x), rb);
    batch.push_back(u);
    if (batch.size() == 4096) check_batch();
  };
  for (uint32_t u : specials) one(u);
  for (uint64_t u = 0; u <= 0xffffffffull; u += step) one(uint32_t(u));
  check_batch();

  // Decoding: every float16 pattern, exact values, NaN payload kept.
  for (uint32_t h = 0; h < 65536; ++h) {
    const float x = f16_bits_to_float(uint16_t(h));
    const uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    if (exp == 0x1f && mant) {
      CHECK(float_bits(x) == (((h & 0x8000u) << 16) | 0x7f800000u | (mant << 13)), "f16 decode NaN %04x", h);
      continue;
    }
    double v = exp == 0 ? std::ldexp(double(mant), -24)
                        : exp == 0x1f ? INFINITY : std::ldexp(double(mant + 1024), int(exp) - 25);
    if (h & 0x8000) v = -v;
    CHECK(double(x) == v && std::signbit(x) == bool(h & 0x8000), "f16 decode %04x", h);
    CHECK(float_to_f16_bits(x) == h, "f16 round trip %04x", h);
  }
  for (uint32_t h = 0; h < 65536; ++h) CHECK(float_bits(bf16_bits_to_float(uint16_t(h))) == h << 16, "bf16 decode");

#if defined(__x86_64__)
  // Document the hardware vcvtneps2bf16 behaviour (why half.h does not use it).
  if (f.avx512bf16) {
    float in[16] = {};
    in[0] = bits_float(0x00018000u);  // float32 subnormal: reference rounds to bf16 0x0002
    in[1] = bits_float(0x7f812345u);  // NaN with payload: reference gives 0x7fc0
    uint16_t out[16];
    [&]() __attribute__((target("avx512f,avx512bf16"))) {
      __m256bh r = _mm512_cvtneps_pbh(_mm512_loadu_ps(in));
      std::memcpy(out, &r, 32);
    }();
    std::printf("note: vcvtneps2bf16(0x00018000) = %04x (reference %04x), NaN 0x7f812345 -> %04x (reference %04x)\n",
                out[0], float_to_bf16_bits(in[0]), out[1], float_to_bf16_bits(in[1]));
  }
#endif
}

// ---------------------------------------------------------------------- GEMM

struct Mat {
  DT type;
  int64_t rows, cols, ld;
  std::vector<uint8_t> bytes;
  size_t es() const { return type == DT::F32 ? 4 : 2; }
  void* data() { return bytes.data(); }
  double get(int64_t r, int64_t c) const {
    const size_t i = size_t(r * ld + c);
    if (type == DT::F32) {
      float x;
      std::memcpy(&x, &bytes[i * 4], 4);
      return x;
    }
    uint16_t h;
    std::memcpy(&h, &bytes[i * 2], 2);
    return type == DT::F16 ? f16_bits_to_float(h) : bf16_bits_to_float(h);
  }
  void set(int64_t r, int64_t c, float x) {
    const size_t i = size_t(r * ld + c);
    if (type == DT::F32) {
      std::memcpy(&bytes[i * 4], &x, 4);
    } else {
      const uint16_t h = type == DT::F16 ? float_to_f16_bits(x) : float_to_bf16_bits(x);
      std::memcpy(&bytes[i * 2], &h, 2);
    }
  }
};

static Mat make(DT t, int64_t rows, int64_t cols, int64_t ld, std::mt19937& rng, bool random) {
  Mat m{t, rows, cols, ld, {}};
  m.bytes.assign(size_t(std::max<int64_t>(rows, 1) * ld) * m.es(), 0);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  // Fill padding too (with large sentinels) so reading it would show up.
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < ld; ++c) m.set(r, c, c < cols ? (random ? u(rng) : 0.0f) : 1e4f);
  return m;
}

static const char* tname(DT t) { return t == DT::F32 ? "f32" : t == DT::F16 ? "f16" : "bf16"; }

struct EpiCtx {
  float scale;
};
static void epi_fn(float* v, int64_t n, void* ctx) {
  const float s = static_cast<EpiCtx*>(ctx)->scale;
  for (int64_t i = 0; i < n; ++i) v[i] = v[i] * s + 0.25f;
}

struct Case {
  int64_t m, n, k;
  bool ta, tb;
  DT at, bt, ct;
  int64_t pad_a, pad_b, pad_c;
  bool bias, relu, epi;
  int64_t max_checks;  // 0: check every element
};

static void run_case(const Case& cs, std::mt19937& rng) {
  const int64_t a_rows = cs.ta ? cs.k : cs.m, a_cols = cs.ta ? cs.m : cs.k;
  const int64_t b_rows = cs.tb ? cs.n : cs.k, b_cols = cs.tb ? cs.k : cs.n;
  Mat A = make(cs.at, a_rows, a_cols, a_cols + cs.pad_a, rng, true);
  Mat B = make(cs.bt, b_rows, b_cols, b_cols + cs.pad_b, rng, true);
  Mat C = make(cs.ct, cs.m, cs.n, cs.n + cs.pad_c, rng, false);
  // Sentinel in C's padding and garbage in C itself (gemm must overwrite, not accumulate).
  for (int64_t i = 0; i < cs.m; ++i)
    for (int64_t j = 0; j < cs.n; ++j) C.set(i, j, 777.0f);
  std::vector<float> bias(size_t(cs.n));
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (auto& x : bias) x = u(rng);
  EpiCtx ectx{0.5f};

  GemmArgs g{};
  g.a_type = cs.at;
  g.b_type = cs.bt;
  g.c_type = cs.ct;
  g.a = A.data();
  g.b = B.data();
  g.c = C.data();
  g.trans_a = cs.ta;
  g.trans_b = cs.tb;
  g.m = cs.m;
  g.n = cs.n;
  g.k = cs.k;
  g.lda = A.ld;
  g.ldb = B.ld;
  g.ldc = C.ld;
  g.bias = cs.bias ? bias.data() : nullptr;
  g.relu = cs.relu;
  g.epilogue = cs.epi ? epi_fn : nullptr;
  g.epilogue_ctx = &ectx;
  gemm(g);

  const double eps32 = 1.0 / (1 << 23);
  const double out_eps = cs.ct == DT::F32 ? 0 : cs.ct == DT::F16 ? 1.0 / 2048 : 1.0 / 256;
  int64_t total = cs.m * cs.n;
  int local_fail = 0;
  auto check = [&](int64_t i, int64_t j) {
    double s = 0, sa = 0;
    for (int64_t p = 0; p < cs.k; ++p) {
      // Inputs are exactly representable in their dtypes; bf16 inputs are
      // compared against the product of the stored (rounded) values.
      const double a = cs.ta ? A.get(p, i) : A.get(i, p);
      const double b = cs.tb ? B.get(j, p) : B.get(p, j);
      s += a * b;
      sa += std::fabs(a * b);
    }
    double ref = s, mag = sa;
    if (cs.bias) {
      ref += bias[size_t(j)];
      mag += std::fabs(bias[size_t(j)]);
    }
    if (cs.relu) ref = ref <= 0 ? 0 : ref;
    if (cs.epi) {
      ref = ref * 0.5 + 0.25;
      mag = mag * 0.5 + 0.25;
    }
    const double got = C.get(i, j);
    // float32 accumulation error grows ~sqrt(k) (blocked sums), bounded
    // generously; then one output rounding.
    const double tol = (4.0 * std::sqrt(double(cs.k) + 1) + 4) * eps32 * mag * 4 + out_eps * std::fabs(ref) +
                       (cs.ct == DT::F16 ? 6e-8 : 0.0) /* f16 subnormal spacing 2^-24 */ + 1e-30;
    if (!(std::fabs(got - ref) <= tol)) {
      if (++local_fail <= 3)
        CHECK(false, "m=%lld n=%lld k=%lld ta=%d tb=%d %s*%s->%s pads=%lld,%lld,%lld bias=%d relu=%d epi=%d: C[%lld][%lld]=%.9g want %.9g (tol %.3g)",
              (long long)cs.m, (long long)cs.n, (long long)cs.k, cs.ta, cs.tb, tname(cs.at), tname(cs.bt),
              tname(cs.ct), (long long)cs.pad_a, (long long)cs.pad_b, (long long)cs.pad_c, cs.bias, cs.relu,
              cs.epi, (long long)i, (long long)j, got, ref, tol);
      else
        ++g_failures;
    }
  };
  if (cs.max_checks == 0 || total <= cs.max_checks) {
    for (int64_t i = 0; i < cs.m; ++i)
      for (int64_t j = 0; j < cs.n; ++j) check(i, j);
  } else {
    std::uniform_int_distribution<int64_t> ri(0, cs.m - 1), rj(0, cs.n - 1);
    for (int64_t t = 0; t < cs.max_checks; ++t) check(ri(rng), rj(rng));
    for (int64_t i = 0; i < cs.m; ++i) check(i, cs.n - 1);  // last column (edge tiles)
    for (int64_t j = 0; j < cs.n; ++j) check(cs.m - 1, j);  // last row
  }
  // C padding untouched.
  for (int64_t i = 0; i < cs.m; ++i)
    for (int64_t j = cs.n; j < C.ld; ++j) CHECK(C.get(i, j) == 1e4f || cs.ct != DT::F32 ? true : false, "C padding written");
  for (int64_t i = 0; i < cs.m; ++i)
    for (int64_t j = cs.n; j < C.ld; ++j)
      if (C.get(i, j) != double(cs.ct == DT::F32 ? 1e4f : (cs.ct == DT::F16 ? f16_bits_to_float(float_to_f16_bits(1e4f)) : bf16_bits_to_float(float_to_bf16_bits(1e4f))))) {
        CHECK(false, "C padding written at [%lld][%lld]", (long long)i, (long long)j);
        return;
      }
}

static void test_gemm(bool quick, std::mt19937& rng) {
  const DT types[3] = {DT::F32, DT::F16, DT::BF16};
  const int64_t small[] = {1, 2, 7, 13, 14, 15, 16, 17, 31, 32, 33, 47, 65};
  int count = 0;
  // 1. Small shapes: every transpose combination and dtype mix.
  for (int64_t m : small)
    for (int64_t n : small) {
      if (quick && (m * 7 + n) % 5) continue;
      const int64_t k = small[(m + n) % 13] + (m % 3);
      for (int t = 0; t < 4; ++t) {
        const DT at = types[(m + t) % 3], bt = types[(n + t) % 3];
        const DT ct = types[(m + n + t) % 3];
        run_case({m, n, k, bool(t & 1), bool(t & 2), at, bt, ct, (m + t) % 3, (n + t) % 2, t % 3, bool(t & 1),
                  bool((m + n) & 1), t == 3, 0},
                 rng);
        ++count;
      }
    }
  // 2. bf16 x bf16 (the vdpbf16ps kernel) including odd k, and f16 x f16.
  for (DT t : {DT::BF16, DT::F16})
    for (int64_t k : {1, 2, 3, 5, 255, 256, 257, 511, 512, 513, 1023, 1025})
      for (int tr = 0; tr < 4; ++tr)
        for (DT ct : types) {
          run_case({29, 45, k, bool(tr & 1), bool(tr & 2), t, t, ct, tr, 1, 2, true, tr == 1, tr == 2, 0}, rng);
          ++count;
        }
  // 3. Deep k (several kc slices; workspace path for f16/bf16 outputs).
  for (int64_t k : {1000, 2049, 5000})
    for (int tr = 0; tr < 4; ++tr)
      for (int d = 0; d < 3; ++d) {
        if (quick && d != tr % 3) continue;
        run_case({17, 35, k, bool(tr & 1), bool(tr & 2), types[d], types[(d + tr) % 3], types[(d + 1) % 3], 3, 0, 1,
                  true, true, false, 0},
                 rng);
        ++count;
      }
  // 4. Multi-block shapes (mc, nc, kc all exceeded; several threads busy).
  struct Big {
    int64_t m, n, k;
  };
  for (Big b : {Big{300, 700, 600}, Big{700, 90, 300}, Big{50, 4200, 40}, Big{1, 5000, 300}, Big{5000, 1, 300},
                Big{1100, 4100, 300}, Big{337, 1031, 1030}, Big{1000, 64, 2000}, Big{64, 10, 3000}}) {
    for (int tr = 0; tr < 4; ++tr) {
      if (quick && tr != 1) continue;
      for (int d = 0; d < 3; ++d) {
        if (quick && d == 1) continue;
        run_case({b.m, b.n, b.k, bool(tr & 1), bool(tr & 2), types[d], types[d], types[(d + tr) % 3], 1, 2, 5,
                  tr == 0, d == 1, tr == 3, 4000},
                 rng);
        ++count;
      }
    }
  }
  // 5. Degenerate sizes: m, n or k = 0 (k = 0 gives bias / zeros).
  for (DT ct : types) {
    run_case({5, 7, 0, false, false, DT::F32, DT::F32, ct, 0, 0, 1, true, true, true, 0}, rng);
    run_case({5, 7, 0, true, true, DT::BF16, DT::BF16, ct, 0, 0, 0, false, false, false, 0}, rng);
    run_case({0, 7, 5, false, false, DT::F32, DT::F32, ct, 0, 0, 0, true, false, false, 0}, rng);
    run_case({5, 0, 5, false, false, DT::F32, DT::F32, ct, 0, 0, 0, true, false, false, 0}, rng);
    count += 4;
  }
  std::printf("gemm: %d cases with %d threads (f32 kernel %s, bf16 kernel %s)\n", count, num_threads(),
              gemm_kernel_name(DT::F32, DT::F32), gemm_kernel_name(DT::BF16, DT::BF16));
}

int main(int argc, char** argv) {
  bool exhaustive = false, quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--exhaustive") exhaustive = true;
    if (std::string(argv[i]) == "--quick") quick = true;
  }
  const CpuFeatures& f = cpu_features();
  std::printf("cpu: avx2=%d fma=%d f16c=%d avx512f=%d bw=%d vl=%d bf16=%d fp16=%d amx=%d/%d/%d\n", f.avx2, f.fma,
              f.f16c, f.avx512f, f.avx512bw, f.avx512vl, f.avx512bf16, f.avx512fp16, f.amxTile, f.amxBf16, f.amxFp16);
  test_conversions(exhaustive);
  std::printf("conversions: %s\n", g_failures ? "FAILED" : "ok");
  std::mt19937 rng(12345);
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    test_gemm(quick || threads == 3, rng);
  }
  // Thread pool: nested parallel_for runs serially and completes.
  {
    set_num_threads(2);
    std::vector<int> hits(100, 0);
    parallel_for(10, [&](int64_t t, int) {
      parallel_for(10, [&](int64_t u, int th) {
        CHECK(th == 0, "nested call must run on the calling thread");
        hits[size_t(t * 10 + u)]++;
      });
    });
    for (int h : hits) CHECK(h == 1, "parallel_for task count");
  }
  if (g_failures) {
    std::printf("FAILED: %d failures\n", g_failures);
    return 1;
  }
  std::printf("all tests passed\n");
  return 0;
}
