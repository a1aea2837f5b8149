#include "kernels/elementwise.h"

#include <algorithm>
#include <type_traits>

#include "cpu-features.h"
#include "kernels/lanes8.h"
#include "kernels/math-f32.h"
#include "kernels/unary-ops.h"

namespace kerats {

bool has_avx512() {
#if defined(__x86_64__)
  static const bool ok = [] {
    const CpuFeatures& f = cpu_features();
    return f.avx512f && f.avx512bw && f.avx512vl && f.f16c;
  }();
  return ok;
#else
  return false;
#endif
}

bool has_avx2() {
#if defined(__x86_64__)
  static const bool ok = [] {
    const CpuFeatures& f = cpu_features();
    return f.avx2 && f.fma && f.f16c;
  }();
  return ok;
#else
  return false;
#endif
}

namespace {

// ---- unary ---------------------------------------------------------------------

template <class Op, DT D>
void unary_scalar(const void* x, void* out, int64_t i0, int64_t i1) {
  for (int64_t i = i0; i < i1; i++) Elem<D>::store(out, i, Op::s(Elem<D>::load(x, i)));
}

#if defined(__x86_64__)
template <class Op, DT D>
KERATS_TARGET_AVX512 void unary_avx512(const void* x, void* out, int64_t i0, int64_t i1) {
  int64_t i = i0;
  for (; i + 16 <= i1; i += 16) Lanes<D>::store(out, i, Op::v(Lanes<D>::load(x, i)));
  if (i < i1) Lanes<D>::store(out, i, Op::v(Lanes<D>::load(x, i, int(i1 - i))), int(i1 - i));
}
#endif

#if defined(__x86_64__)
// Without AVX-512, 16-bit data is widened 8 lanes at a time into float32 chunks, the
// scalar float32 functor runs over the chunk (the same Op::s as the scalar path, so the
// same bits), and the chunk is narrowed back: the software half conversions were the cost.
constexpr int64_t kChunk = 256;

template <DT D>
KERATS_TARGET_AVX2 inline void widen(const void* p, int64_t base, int64_t stride, int64_t n, float* dst) {
  if (stride == 0) {
    const float v = Elem<D>::load(p, base);
    for (int64_t i = 0; i < n; ++i) dst[i] = v;
    return;
  }
  widen8<D>(p, base, n, dst);
}

// Whether Op has an 8-lane AVX2 form (the transcendental functors of math-f32.h).
template <class Op, class = void>
struct HasV8 : std::false_type {};
template <class Op>
struct HasV8<Op, std::void_t<decltype(Op::kHasV8)>> : std::true_type {};

template <class Op, DT D>
KERATS_TARGET_AVX2 void unary_avx2(const void* x, void* out, int64_t i0, int64_t i1) {
  alignas(32) float buf[kChunk];
  for (int64_t c = i0; c < i1; c += kChunk) {
    const int64_t n = std::min(kChunk, i1 - c);
    widen<D>(x, c, 1, n, buf);
    if constexpr (HasV8<Op>::value) {
      // Whole vectors of the chunk (the tail lanes of the last one compute garbage that
      // narrow8() never stores).
      for (int64_t i = 0; i < n; i += 8) _mm256_store_ps(buf + i, Op::v8(_mm256_load_ps(buf + i)));
    } else {
      for (int64_t i = 0; i < n; ++i) buf[i] = Op::s(buf[i]);
    }
    narrow8<D>(buf, n, out, c);
  }
}
#endif

template <class Op, DT D>
UnaryFn pick_unary() {
#if defined(__x86_64__)
  if (has_avx512()) return unary_avx512<Op, D>;
  if constexpr (D != DT::F32 || HasV8<Op>::value) {
    if (has_avx2()) return unary_avx2<Op, D>;
  }
#endif
  return unary_scalar<Op, D>;
}

template <class Op>
UnaryFn pick_unary(DT dt) {
  switch (dt) {
    case DT::F32: return pick_unary<Op, DT::F32>();
    case DT::F16: return pick_unary<Op, DT::F16>();
    case DT::BF16: return pick_unary<Op, DT::BF16>();
    default: return nullptr;
  }
}

}  // namespace

UnaryFn unary_fn(UnaryOp op, DT dt) {
  switch (op) {
    case UnaryOp::Neg: return pick_unary<op::Neg>(dt);
    case UnaryOp::Abs: return pick_unary<op::Abs>(dt);
    case UnaryOp::Sign: return pick_unary<op::Sign>(dt);
    case UnaryOp::Square: return pick_unary<op::Square>(dt);
    case UnaryOp::Sqrt: return pick_unary<op::Sqrt>(dt);
    case UnaryOp::Rsqrt: return pick_unary<op::Rsqrt>(dt);
    case UnaryOp::Reciprocal: return pick_unary<op::Reciprocal>(dt);
    case UnaryOp::Exp: return pick_unary<op::Exp>(dt);
    case UnaryOp::Expm1: return pick_unary<op::Expm1>(dt);
    case UnaryOp::Log: return pick_unary<op::Log>(dt);
    case UnaryOp::Log1p: return pick_unary<op::Log1p>(dt);
    case UnaryOp::Relu: return pick_unary<op::Relu>(dt);
    case UnaryOp::Sigmoid: return pick_unary<op::Sigmoid>(dt);
    case UnaryOp::Tanh: return pick_unary<op::Tanh>(dt);
    case UnaryOp::Softplus: return pick_unary<op::Softplus>(dt);
    case UnaryOp::Erf: return pick_unary<op::Erf>(dt);
    case UnaryOp::Gelu: return pick_unary<op::Gelu>(dt);
    default: return nullptr;
  }
}

namespace {

// ---- binary and compare over broadcast segments -----------------------------------

template <class Op, DT D>
void binary_seg_scalar(const void* a, const void* b, void* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  for (int64_t i = 0; i < len; i++) Elem<D>::store(out, o + i, Op::s(Elem<D>::load(a, in[0] + i * st[0]), Elem<D>::load(b, in[1] + i * st[1])));
}

template <class Op, DT D>
void compare_seg_scalar(const void* a, const void* b, void* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  uint8_t* dst = static_cast<uint8_t*>(out);
  for (int64_t i = 0; i < len; i++) dst[o + i] = Op::s(Elem<D>::load(a, in[0] + i * st[0]), Elem<D>::load(b, in[1] + i * st[1]));
}

#if defined(__x86_64__)
// One input row at stride 1 or 0 (broadcast scalar) as 16 lanes.
template <DT D>
KERATS_TARGET_AVX512 inline __m512 lanes_at(const void* p, int64_t base, int64_t stride, int64_t i, int count) {
  return stride == 0 ? _mm512_set1_ps(Elem<D>::load(p, base)) : Lanes<D>::load(p, base + i, count);
}

template <class Op, DT D>
KERATS_TARGET_AVX512 void binary_seg_avx512(const void* a, const void* b, void* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  if ((st[0] | st[1]) > 1) return binary_seg_scalar<Op, D>(a, b, out, o, in, st, len);
  int64_t i = 0;
  for (; i + 16 <= len; i += 16) Lanes<D>::store(out, o + i, Op::v(lanes_at<D>(a, in[0], st[0], i, 16), lanes_at<D>(b, in[1], st[1], i, 16)));
  if (i < len) {
    const int c = int(len - i);
    Lanes<D>::store(out, o + i, Op::v(lanes_at<D>(a, in[0], st[0], i, c), lanes_at<D>(b, in[1], st[1], i, c)), c);
  }
}

template <class Op, DT D>
KERATS_TARGET_AVX512 void compare_seg_avx512(const void* a, const void* b, void* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  if ((st[0] | st[1]) > 1) return compare_seg_scalar<Op, D>(a, b, out, o, in, st, len);
  uint8_t* dst = static_cast<uint8_t*>(out) + o;
  const __m128i one = _mm_set1_epi8(1);
  for (int64_t i = 0; i < len; i += 16) {
    const int c = len - i >= 16 ? 16 : int(len - i);
    const __mmask16 m = Op::v(lanes_at<D>(a, in[0], st[0], i, c), lanes_at<D>(b, in[1], st[1], i, c));
    _mm_mask_storeu_epi8(dst + i, __mmask16((1u << c) - 1), _mm_maskz_mov_epi8(m, one));
  }
}

// float32 segments at stride 1 or 0 need no widening: the functor loop over the rows
// themselves, vectorised by the compiler under the AVX2 target, a broadcast scalar hoisted.
template <class Op, class T>
KERATS_TARGET_AVX2 inline void seg_f32_avx2(const float* x, const float* y, int64_t sx, int64_t sy, T* z, int64_t len) {
  if (sx == 1 && sy == 1) {
    for (int64_t i = 0; i < len; ++i) z[i] = Op::s(x[i], y[i]);
  } else if (sx == 1) {
    const float yv = *y;
    for (int64_t i = 0; i < len; ++i) z[i] = Op::s(x[i], yv);
  } else if (sy == 1) {
    const float xv = *x;
    for (int64_t i = 0; i < len; ++i) z[i] = Op::s(xv, y[i]);
  } else {
    const T v = Op::s(*x, *y);
    for (int64_t i = 0; i < len; ++i) z[i] = v;
  }
}

// The chunked 16-bit path of unary_avx2 for contiguous or broadcast-scalar segments
// (float32 through seg_f32_avx2).
template <class Op, DT D, bool IsCompare>
KERATS_TARGET_AVX2 void seg_avx2(const void* a, const void* b, void* out, int64_t o, const int64_t* in, const int64_t* st, int64_t len) {
  if ((st[0] | st[1]) > 1) {
    if constexpr (IsCompare) return compare_seg_scalar<Op, D>(a, b, out, o, in, st, len);
    else return binary_seg_scalar<Op, D>(a, b, out, o, in, st, len);
  }
  if constexpr (D == DT::F32) {
    const float* x = static_cast<const float*>(a) + in[0];
    const float* y = static_cast<const float*>(b) + in[1];
    if constexpr (IsCompare) seg_f32_avx2<Op>(x, y, st[0], st[1], static_cast<uint8_t*>(out) + o, len);
    else seg_f32_avx2<Op>(x, y, st[0], st[1], static_cast<float*>(out) + o, len);
    return;
  }
  alignas(32) float x[kChunk], y[kChunk];
  for (int64_t c = 0; c < len; c += kChunk) {
    const int64_t n = std::min(kChunk, len - c);
    widen<D>(a, in[0] + c * st[0], st[0], n, x);
    widen<D>(b, in[1] + c * st[1], st[1], n, y);
    if constexpr (IsCompare) {
      uint8_t* dst = static_cast<uint8_t*>(out) + o + c;
      for (int64_t i = 0; i < n; ++i) dst[i] = Op::s(x[i], y[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) x[i] = Op::s(x[i], y[i]);
      narrow8<D>(x, n, out, o + c);
    }
  }
}
#endif

using SegFn = void (*)(const void*, const void*, void*, int64_t, const int64_t*, const int64_t*, int64_t);

template <class Op, DT D>
SegFn pick_binary() {
#if defined(__x86_64__)
  if (has_avx512()) return binary_seg_avx512<Op, D>;
  if (has_avx2()) return seg_avx2<Op, D, false>;
#endif
  return binary_seg_scalar<Op, D>;
}

template <class Op, DT D>
SegFn pick_compare() {
#if defined(__x86_64__)
  if (has_avx512()) return compare_seg_avx512<Op, D>;
  if (has_avx2()) return seg_avx2<Op, D, true>;
#endif
  return compare_seg_scalar<Op, D>;
}

template <class Op, bool IsCompare, DT D>
SegFn pick_one() {
  if constexpr (IsCompare) return pick_compare<Op, D>();
  else return pick_binary<Op, D>();
}

template <class Op, bool IsCompare>
SegFn pick_seg(DT dt) {
  switch (dt) {
    case DT::F32: return pick_one<Op, IsCompare, DT::F32>();
    case DT::F16: return pick_one<Op, IsCompare, DT::F16>();
    case DT::BF16: return pick_one<Op, IsCompare, DT::BF16>();
    default: return nullptr;
  }
}

SegFn binary_fn(BinaryOp op, DT dt) {
  switch (op) {
    case BinaryOp::Add: return pick_seg<op::Add, false>(dt);
    case BinaryOp::Sub: return pick_seg<op::Sub, false>(dt);
    case BinaryOp::Mul: return pick_seg<op::Mul, false>(dt);
    case BinaryOp::Div: return pick_seg<op::Div, false>(dt);
    case BinaryOp::Max: return pick_seg<op::Max, false>(dt);
    case BinaryOp::Min: return pick_seg<op::Min, false>(dt);
    case BinaryOp::ReluGrad: return pick_seg<op::ReluGrad, false>(dt);
    case BinaryOp::SigmoidGrad: return pick_seg<op::SigmoidGrad, false>(dt);
    case BinaryOp::TanhGrad: return pick_seg<op::TanhGrad, false>(dt);
    case BinaryOp::Pow: return nullptr;
  }
  return nullptr;
}

SegFn compare_fn(CompareOp op, DT dt) {
  switch (op) {
    case CompareOp::Eq: return pick_seg<op::Eq, true>(dt);
    case CompareOp::Ne: return pick_seg<op::Ne, true>(dt);
    case CompareOp::Gt: return pick_seg<op::Gt, true>(dt);
    case CompareOp::Ge: return pick_seg<op::Ge, true>(dt);
    case CompareOp::Lt: return pick_seg<op::Lt, true>(dt);
    case CompareOp::Le: return pick_seg<op::Le, true>(dt);
  }
  return nullptr;
}

bool run_segments(SegFn fn, const void* a, const void* b, void* out, const Broadcast& bc) {
  if (!fn) return false;
  for_each_segment(bc, [&](int64_t o, const int64_t* in, const int64_t* st, int64_t len) { fn(a, b, out, o, in, st, len); });
  return true;
}

}  // namespace

bool unary(UnaryOp op, DT dt, const void* x, void* out, int64_t n) {
  const UnaryFn fn = unary_fn(op, dt);
  if (!fn) return false;
  parallel_range(n, [&](int64_t i0, int64_t i1) { fn(x, out, i0, i1); });
  return true;
}

bool binary(BinaryOp op, DT dt, const void* a, const void* b, void* out, const Broadcast& bc) {
  return run_segments(binary_fn(op, dt), a, b, out, bc);
}

bool compare(CompareOp op, DT dt, const void* a, const void* b, uint8_t* out, const Broadcast& bc) {
  return run_segments(compare_fn(op, dt), a, b, out, bc);
}

}  // namespace kerats
