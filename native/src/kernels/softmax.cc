#include "kernels/softmax.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "kernels/elementwise.h"
#include "kernels/lanes8.h"
#include "kernels/math-f32.h"

namespace kerats {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// body(u0, u1) over units [0, units) of unit_size elements each: parallel_range over
// the elements, each unit going to the chunk that holds its first element, so chunks
// carry about the same amount of data whatever the row length.
template <class Body>
void parallel_units(int64_t units, int64_t unit_size, Body&& body) {
  const int64_t size = std::max<int64_t>(unit_size, 1);
  parallel_range(units * size, [&](int64_t e0, int64_t e1) {
    const int64_t u0 = (e0 + size - 1) / size, u1 = (e1 + size - 1) / size;
    if (u1 > u0) body(u0, u1);
  });
}

struct MaxSum {
  float max, sum;
};

// ---- scalar: the reference's order exactly ------------------------------------------

// The reference's max (the first of equal values; NaN as soon as one appears), then
// the sum of exp(x - max) in order.
template <DT D>
MaxSum max_sum_scalar(const void* x, int64_t base, int64_t n, int64_t stride) {
  float max = -kInf;
  for (int64_t k = 0; k < n && max == max; k++) {
    const float v = Elem<D>::load(x, base + k * stride);
    if (v > max || v != v) max = v;
  }
  float sum = 0;
  for (int64_t k = 0; k < n; k++) sum += op::Exp::s(Elem<D>::load(x, base + k * stride) - max);
  return {max, sum};
}

template <DT D>
void softmax_row_scalar(const void* x, void* out, int64_t base, int64_t n, int64_t stride, bool log) {
  const MaxSum ms = max_sum_scalar<D>(x, base, n, stride);
  const float lse = log ? op::Log::s(ms.sum) : 0.0f;
  for (int64_t k = 0; k < n; k++) {
    const int64_t i = base + k * stride;
    const float d = Elem<D>::load(x, i) - ms.max;
    Elem<D>::store(out, i, log ? d - lse : op::Exp::s(d) / ms.sum);
  }
}

#if defined(__x86_64__)
// ---- AVX2 rows (no AVX-512): the reference's order, exp 8 lanes at a time ------------

// Rows are done a chunk at a time (about kAvx2Chunk elements) so that the vector exp
// runs over the chunk as one contiguous array, not over short rows with padded tails.
constexpr int64_t kAvx2Chunk = 1024;

// For rows [r0, r0 + rows) of length n at x: each row's max by the reference's rule and
// e = exp(x - max) into e (rows * n floats, plus 8 of room), the sums in the reference's
// order into ms.
template <DT D>
KERATS_TARGET_AVX2 void exp_rows_avx2(const void* x, int64_t r0, int64_t rows, int64_t n, float* e, MaxSum* ms) {
  const int64_t len = rows * n;
  widen8<D>(x, r0 * n, len, e);
  for (int64_t r = 0; r < rows; r++) {
    float* row = e + r * n;
    float max = -kInf;
    for (int64_t k = 0; k < n && max == max; k++)
      if (row[k] > max || row[k] != row[k]) max = row[k];
    for (int64_t k = 0; k < n; k++) row[k] -= max;
    ms[r].max = max;
  }
  for (int64_t i = 0; i < len; i += 8) _mm256_storeu_ps(e + i, op::Exp::v8(_mm256_loadu_ps(e + i)));
  for (int64_t r = 0; r < rows; r++) {
    float sum = 0;
    for (int64_t k = 0; k < n; k++) sum += e[r * n + k];
    ms[r].sum = sum;
  }
}

// Rows [o0, o1): chunks of rows through exp_rows_avx2, then exp / sum or
// (x - max) - log(sum), rounded once to D.
template <DT D>
KERATS_TARGET_AVX2 void softmax_rows_avx2(const void* x, void* out, int64_t o0, int64_t o1, int64_t n, bool log) {
  const int64_t per = std::max<int64_t>(1, kAvx2Chunk / std::max<int64_t>(n, 1));
  std::vector<float> e(size_t(per * n + 8));
  std::vector<MaxSum> ms(static_cast<size_t>(per));
  for (int64_t r0 = o0; r0 < o1; r0 += per) {
    const int64_t rows = std::min(per, o1 - r0);
    exp_rows_avx2<D>(x, r0, rows, n, e.data(), ms.data());
    if (log) widen8<D>(x, r0 * n, rows * n, e.data());
    for (int64_t r = 0; r < rows; r++) {
      float* row = e.data() + r * n;
      if (log) {
        const float lse = op::Log::s(ms[size_t(r)].sum);
        for (int64_t k = 0; k < n; k++) row[k] = (row[k] - ms[size_t(r)].max) - lse;
      } else {
        for (int64_t k = 0; k < n; k++) row[k] /= ms[size_t(r)].sum;
      }
    }
    narrow8<D>(e.data(), rows * n, out, r0 * n);
  }
}

// ---- 16 lanes along a contiguous row (inner == 1) ------------------------------------

inline __mmask16 tail_mask(int c) { return __mmask16((1u << c) - 1); }

// Max and sum of exp(x - max) of a row, summed in 16 partial sums; e(x) is also
// written to e_out when given (float32 softmax keeps it in its output).
template <DT D>
KERATS_TARGET_AVX512 MaxSum max_sum_row_avx512(const void* x, int64_t base, int64_t n, float* e_out) {
  const __m512 neg_inf = _mm512_set1_ps(-kInf);
  __m512 mx = neg_inf;
  __mmask16 nan = 0;
  for (int64_t k = 0; k < n; k += 16) {
    const int c = n - k >= 16 ? 16 : int(n - k);
    const __m512 v = _mm512_mask_mov_ps(neg_inf, tail_mask(c), Lanes<D>::load(x, base + k, c));
    nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    mx = _mm512_max_ps(mx, v);
  }
  // Which of +0/-0 is the max cannot change a result: exp(+-0) = 1, and a zero
  // difference only reaches a log-softmax output through (d - lse) with lse >= log 2.
  const float max = nan ? kNaN : _mm512_reduce_max_ps(mx);
  const __m512 vmax = _mm512_set1_ps(max);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t k = 0; k < n; k += 16) {
    const int c = n - k >= 16 ? 16 : int(n - k);
    const __m512 e = _mm512_maskz_mov_ps(tail_mask(c), op::Exp::v(_mm512_sub_ps(Lanes<D>::load(x, base + k, c), vmax)));
    acc = _mm512_add_ps(acc, e);
    if (e_out) Lanes<DT::F32>::store(e_out, k, e, c);
  }
  return {max, _mm512_reduce_add_ps(acc)};
}

// scratch: n floats for e(x) when the output is 16-bit (float32 keeps it in out).
template <DT D>
KERATS_TARGET_AVX512 void softmax_row_avx512(const void* x, void* out, int64_t base, int64_t n, bool log, float* scratch) {
  float* e_out = log ? nullptr : D == DT::F32 ? static_cast<float*>(out) + base : scratch;
  const MaxSum ms = max_sum_row_avx512<D>(x, base, n, e_out);
  const __m512 vmax = _mm512_set1_ps(ms.max);
  const __m512 lse = _mm512_set1_ps(log ? op::Log::s(ms.sum) : 0.0f), sum = _mm512_set1_ps(ms.sum);
  for (int64_t k = 0; k < n; k += 16) {
    const int c = n - k >= 16 ? 16 : int(n - k);
    __m512 r;
    if (log) {
      r = _mm512_sub_ps(_mm512_sub_ps(Lanes<D>::load(x, base + k, c), vmax), lse);
    } else {
      r = _mm512_div_ps(Lanes<DT::F32>::load(e_out, k, c), sum);
    }
    Lanes<D>::store(out, base + k, r, c);
  }
}

// ---- 16 lanes across columns (inner > 1): each lane is one reference row ---------------

template <DT D>
KERATS_TARGET_AVX512 void softmax_cols_avx512(const void* x, void* out, int64_t base, int64_t n, int64_t inner, int c, bool log) {
  __m512 mx = _mm512_set1_ps(-kInf);
  __mmask16 nan = 0;
  for (int64_t k = 0; k < n; k++) {
    const __m512 v = Lanes<D>::load(x, base + k * inner, c);
    nan |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    mx = _mm512_mask_mov_ps(mx, _mm512_cmp_ps_mask(v, mx, _CMP_GT_OQ), v);  // first max wins, as in the reference
  }
  mx = _mm512_mask_mov_ps(mx, nan, _mm512_set1_ps(kNaN));
  const bool keep_e = D == DT::F32 && !log;  // 16-bit outputs recompute e(x): same bits, no scratch
  __m512 sum = _mm512_setzero_ps();
  for (int64_t k = 0; k < n; k++) {
    const __m512 e = op::Exp::v(_mm512_sub_ps(Lanes<D>::load(x, base + k * inner, c), mx));
    sum = _mm512_add_ps(sum, e);
    if (keep_e) Lanes<D>::store(out, base + k * inner, e, c);
  }
  const __m512 lse = log ? op::Log::v(sum) : sum;
  for (int64_t k = 0; k < n; k++) {
    const int64_t i = base + k * inner;
    __m512 r;
    if (log) r = _mm512_sub_ps(_mm512_sub_ps(Lanes<D>::load(x, i, c), mx), lse);
    else r = _mm512_div_ps(keep_e ? Lanes<DT::F32>::load(out, i, c) : op::Exp::v(_mm512_sub_ps(Lanes<D>::load(x, i, c), mx)), sum);
    Lanes<D>::store(out, i, r, c);
  }
}
#endif

template <DT D>
void softmax_typed(const void* x, int64_t outer, int64_t n, int64_t inner, void* out, bool log) {
  [[maybe_unused]] const bool vec = has_avx512();
  [[maybe_unused]] const bool avx2 = !vec && has_avx2();
  if (inner == 1) {
    parallel_units(outer, n, [&](int64_t o0, int64_t o1) {
#if defined(__x86_64__)
      if (avx2) {
        softmax_rows_avx2<D>(x, out, o0, o1, n, log);
        return;
      }
      std::vector<float> scratch(vec && D != DT::F32 && !log ? size_t(n) : 0);
#endif
      for (int64_t o = o0; o < o1; o++) {
#if defined(__x86_64__)
        if (vec) {
          softmax_row_avx512<D>(x, out, o * n, n, log, scratch.data());
          continue;
        }
#endif
        softmax_row_scalar<D>(x, out, o * n, n, 1, log);
      }
    });
    return;
  }
  const int64_t blocks = (inner + 15) / 16;
  parallel_units(outer * blocks, n * std::min<int64_t>(inner, 16), [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; u++) {
      const int64_t i0 = (u % blocks) * 16, base = (u / blocks) * n * inner + i0;
      const int c = int(std::min<int64_t>(16, inner - i0));
#if defined(__x86_64__)
      if (vec) {
        softmax_cols_avx512<D>(x, out, base, n, inner, c, log);
        continue;
      }
#endif
      for (int j = 0; j < c; j++) softmax_row_scalar<D>(x, out, base + j, n, inner, log);
    }
  });
}

#if defined(__x86_64__)
// Rows [r0, r1) of the loss: log(sum) + max - x[label], chunk by chunk.
template <DT D>
KERATS_TARGET_AVX2 void sparse_ce_rows_avx2(const void* x, const int32_t* labels, int64_t r0, int64_t r1, int64_t classes, float* out) {
  const int64_t per = std::max<int64_t>(1, kAvx2Chunk / std::max<int64_t>(classes, 1));
  std::vector<float> e(size_t(per * classes + 8));
  std::vector<MaxSum> ms(static_cast<size_t>(per));
  for (int64_t c0 = r0; c0 < r1; c0 += per) {
    const int64_t rows = std::min(per, r1 - c0);
    exp_rows_avx2<D>(x, c0, rows, classes, e.data(), ms.data());
    for (int64_t r = 0; r < rows; r++)
      out[c0 + r] = (op::Log::s(ms[size_t(r)].sum) + ms[size_t(r)].max) - Elem<D>::load(x, (c0 + r) * classes + labels[c0 + r]);
  }
}
#endif

template <DT D>
void sparse_ce_typed(const void* x, const int32_t* labels, int64_t rows, int64_t classes, float* out) {
  [[maybe_unused]] const bool vec = has_avx512();
  [[maybe_unused]] const bool avx2 = !vec && has_avx2();
  parallel_units(rows, classes, [&](int64_t r0, int64_t r1) {
#if defined(__x86_64__)
    if (avx2) {
      sparse_ce_rows_avx2<D>(x, labels, r0, r1, classes, out);
      return;
    }
#endif
    for (int64_t r = r0; r < r1; r++) {
      const int64_t base = r * classes;
#if defined(__x86_64__)
      const MaxSum ms = vec ? max_sum_row_avx512<D>(x, base, classes, nullptr) : max_sum_scalar<D>(x, base, classes, 1);
#else
      const MaxSum ms = max_sum_scalar<D>(x, base, classes, 1);
#endif
      out[r] = (op::Log::s(ms.sum) + ms.max) - Elem<D>::load(x, base + labels[r]);
    }
  });
}

}  // namespace

bool softmax(DT dt, const void* x, int64_t outer, int64_t n, int64_t inner, void* out, bool log) {
  switch (dt) {
    case DT::F32: softmax_typed<DT::F32>(x, outer, n, inner, out, log); return true;
    case DT::F16: softmax_typed<DT::F16>(x, outer, n, inner, out, log); return true;
    case DT::BF16: softmax_typed<DT::BF16>(x, outer, n, inner, out, log); return true;
    default: return false;
  }
}

bool sparse_softmax_cross_entropy(DT dt, const void* logits, const int32_t* labels, int64_t rows, int64_t classes, float* out) {
  switch (dt) {
    case DT::F32: sparse_ce_typed<DT::F32>(logits, labels, rows, classes, out); return true;
    case DT::F16: sparse_ce_typed<DT::F16>(logits, labels, rows, classes, out); return true;
    case DT::BF16: sparse_ce_typed<DT::BF16>(logits, labels, rows, classes, out); return true;
    default: return false;
  }
}

}  // namespace kerats
