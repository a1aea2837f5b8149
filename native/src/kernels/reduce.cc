#include "kernels/reduce.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "kernels/elementwise.h"
#include "kernels/lanes8.h"
#include "thread-pool.h"

namespace kerats {
namespace {

enum Op { kSum = 0, kMean = 1, kProd = 2, kMax = 3, kMin = 4 };

// Accumulation state for one output element; NaN is tracked separately so max/min
// propagate it whatever the order (the reference's rule).
struct Acc {
  float v;
  bool nan = false;
};

inline float init_of(int op) {
  return op == kMax ? -std::numeric_limits<float>::infinity() : op == kMin ? std::numeric_limits<float>::infinity() : 0.0f;
}

inline void step(int op, Acc& a, float x) {
  if (op == kMax || op == kMin) {
    if (x != x) a.nan = true;
    else if (op == kMax ? x > a.v : x < a.v) a.v = x;
  } else {
    a.v += x;
  }
}

inline float finish(int op, const Acc& a, int64_t r) {
  if (a.nan) return std::numeric_limits<float>::quiet_NaN();
  return op == kMean ? a.v / float(r) : a.v;
}

// Reduces one contiguous run of n values (inner == 1 layout).
template <DT D>
Acc reduce_run_scalar(int op, const void* x, int64_t base, int64_t n) {
  Acc a{init_of(op)};
  for (int64_t k = 0; k < n; k++) step(op, a, Elem<D>::load(x, base + k));
  return a;
}

#if defined(__x86_64__)
template <DT D>
KERATS_TARGET_AVX512 Acc reduce_run_avx512(int op, const void* x, int64_t base, int64_t n) {
  const float init = init_of(op);
  __m512 acc = _mm512_set1_ps(init);
  __mmask16 nan = 0;
  for (int64_t k = 0; k < n; k += 16) {
    const int c = n - k >= 16 ? 16 : int(n - k);
    const __mmask16 m = __mmask16((1u << c) - 1);
    const __m512 v = _mm512_mask_mov_ps(_mm512_set1_ps(init), m, Lanes<D>::load(x, base + k, c));
    if (op == kMax || op == kMin) {
      nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
      acc = op == kMax ? _mm512_max_ps(acc, v) : _mm512_min_ps(acc, v);
    } else {
      acc = _mm512_add_ps(acc, v);
    }
  }
  Acc a{op == kMax ? _mm512_reduce_max_ps(acc) : op == kMin ? _mm512_reduce_min_ps(acc) : _mm512_reduce_add_ps(acc)};
  a.nan = nan != 0;
  return a;
}

// acc[i] op= x[base + i] for i < n (the inner > 1 layout), in order of increasing k.
template <DT D>
KERATS_TARGET_AVX512 void accumulate_row_avx512(int op, float* acc, bool* nan, const void* x, int64_t base, int64_t n) {
  for (int64_t i = 0; i < n; i += 16) {
    const int c = n - i >= 16 ? 16 : int(n - i);
    const __mmask16 m = __mmask16((1u << c) - 1);
    const __m512 v = Lanes<D>::load(x, base + i, c);
    const __m512 a = _mm512_maskz_loadu_ps(m, acc + i);
    __m512 r;
    if (op == kMax || op == kMin) {
      const __mmask16 isnan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q) & m;
      if (isnan) for (int j = 0; j < c; j++) nan[i + j] |= (isnan >> j) & 1;
      const __mmask16 better = op == kMax ? _mm512_cmp_ps_mask(v, a, _CMP_GT_OQ) : _mm512_cmp_ps_mask(v, a, _CMP_LT_OQ);
      r = _mm512_mask_mov_ps(a, better, v);
    } else {
      r = _mm512_add_ps(a, v);
    }
    _mm512_mask_storeu_ps(acc + i, m, r);
  }
}
#endif

template <DT D>
void accumulate_row_scalar(int op, float* acc, bool* nan, const void* x, int64_t base, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    Acc a{acc[i], nan[i]};
    step(op, a, Elem<D>::load(x, base + i));
    acc[i] = a.v;
    nan[i] = a.nan;
  }
}

#if defined(__x86_64__)
// Without AVX-512: 16-bit data widened 8 lanes at a time into float32 chunks, then the
// scalar steps in the scalar order (the same bits as the scalar path, without its
// software half conversions).
constexpr int64_t kWide = 256;

template <DT D>
KERATS_TARGET_AVX2 Acc reduce_run_avx2(int op, const void* x, int64_t base, int64_t n) {
  alignas(32) float buf[kWide];
  Acc a{init_of(op)};
  for (int64_t c = 0; c < n; c += kWide) {
    const int64_t m = std::min(kWide, n - c);
    widen8<D>(x, base + c, m, buf);
    for (int64_t k = 0; k < m; k++) step(op, a, buf[k]);
  }
  return a;
}

template <DT D>
KERATS_TARGET_AVX2 void accumulate_row_avx2(int op, float* acc, bool* nan, const void* x, int64_t base, int64_t n) {
  alignas(32) float buf[kWide];
  for (int64_t c = 0; c < n; c += kWide) {
    const int64_t m = std::min(kWide, n - c);
    widen8<D>(x, base + c, m, buf);
    for (int64_t i = 0; i < m; i++) {
      Acc a{acc[c + i], nan[c + i]};
      step(op, a, buf[i]);
      acc[c + i] = a.v;
      nan[c + i] = a.nan;
    }
  }
}
#endif

template <DT D>
void reduce_typed(int op, const void* x, int64_t outer, int64_t r, int64_t inner, void* out) {
  const bool v = has_avx512();
  const bool v2 = !v && D != DT::F32 && has_avx2();
  if (inner == 1) {
    auto run = [&](int64_t base, int64_t n) {
#if defined(__x86_64__)
      if (v) return reduce_run_avx512<D>(op, x, base, n);
      if (v2) return reduce_run_avx2<D>(op, x, base, n);
#endif
      return reduce_run_scalar<D>(op, x, base, n);
    };
    if (outer >= 2 * num_threads() || r < (1 << 16)) {
      parallel_range(outer, [&](int64_t o0, int64_t o1) {
        for (int64_t o = o0; o < o1; o++) Elem<D>::store(out, o, finish(op, run(o * r, r), r));
      });
      return;
    }
    // Few long rows: split each row into chunks reduced in parallel, then combine.
    const int64_t chunk = 1 << 16, chunks = (r + chunk - 1) / chunk;
    std::vector<Acc> parts(size_t(outer * chunks));
    parallel_for(outer * chunks, [&](int64_t t, int) {
      const int64_t o = t / chunks, c = t % chunks;
      parts[size_t(t)] = run(o * r + c * chunk, std::min(chunk, r - c * chunk));
    });
    for (int64_t o = 0; o < outer; o++) {
      Acc a{init_of(op)};
      for (int64_t c = 0; c < chunks; c++) {
        const Acc& p = parts[size_t(o * chunks + c)];
        a.nan |= p.nan;
        step(op, a, p.v);
      }
      Elem<D>::store(out, o, finish(op, a, r));
    }
    return;
  }
  parallel_range(outer, [&](int64_t o0, int64_t o1) {
    std::vector<float> acc(static_cast<size_t>(inner));
    std::unique_ptr<bool[]> nan(new bool[static_cast<size_t>(inner)]);
    for (int64_t o = o0; o < o1; o++) {
      std::fill(acc.begin(), acc.end(), init_of(op));
      std::fill(nan.get(), nan.get() + inner, false);
      for (int64_t k = 0; k < r; k++) {
#if defined(__x86_64__)
        if (v) {
          accumulate_row_avx512<D>(op, acc.data(), nan.get(), x, (o * r + k) * inner, inner);
          continue;
        }
        if (v2) {
          accumulate_row_avx2<D>(op, acc.data(), nan.get(), x, (o * r + k) * inner, inner);
          continue;
        }
#endif
        accumulate_row_scalar<D>(op, acc.data(), nan.get(), x, (o * r + k) * inner, inner);
      }
      for (int64_t i = 0; i < inner; i++) Elem<D>::store(out, o * inner + i, finish(op, Acc{acc[size_t(i)], nan[i]}, r));
    }
  });
}

}  // namespace

bool reduce(int op, DT dt, const void* x, int64_t outer, int64_t r, int64_t inner, void* out) {
  if (op == kProd || op < 0 || op > kMin) return false;
  switch (dt) {
    case DT::F32: reduce_typed<DT::F32>(op, x, outer, r, inner, out); return true;
    case DT::F16: reduce_typed<DT::F16>(op, x, outer, r, inner, out); return true;
    case DT::BF16: reduce_typed<DT::BF16>(op, x, outer, r, inner, out); return true;
    default: return false;
  }
}

int all_finite(DT dt, const void* x, int64_t n) {
  // Non-finite means an all-ones exponent field.
  std::atomic<bool> bad{false};
  if (dt == DT::F32) {
    const uint32_t* p = static_cast<const uint32_t*>(x);
    parallel_range(n, [&](int64_t i0, int64_t i1) {
      uint32_t any = 0;
      for (int64_t i = i0; i < i1; i++) any |= uint32_t((p[i] & 0x7f800000u) == 0x7f800000u);
      if (any) bad = true;
    });
  } else if (dt == DT::F16 || dt == DT::BF16) {
    const uint16_t mask = dt == DT::F16 ? 0x7c00 : 0x7f80;
    const uint16_t* p = static_cast<const uint16_t*>(x);
    parallel_range(n, [&](int64_t i0, int64_t i1) {
      uint32_t any = 0;
      for (int64_t i = i0; i < i1; i++) any |= uint32_t((p[i] & mask) == mask);
      if (any) bad = true;
    });
  } else {
    return -1;
  }
  return bad ? 0 : 1;
}

}  // namespace kerats
