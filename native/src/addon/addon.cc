// The Node-API module: thin bindings from JavaScript to the kernels. Arguments are
// checked here (typed-array lengths against the sizes used) so that a wrong call
// throws instead of touching memory it should not.
#include <node_api.h>

#include <string>

#include "addon/memory.h"
#include "addon/napi-util.h"
#include "cpu-features.h"
#include "gemm/gemm.h"
#include "gemm/peak.h"
#include "kernels/cast.h"
#include "kernels/elementwise.h"
#include "kernels/reduce.h"
#include "kernels/softmax.h"
#include "kernels/updates.h"
#include "kernels/where.h"
#include "thread-pool.h"

namespace kerats {
namespace {

using napi::Args;
using napi::Error;
using napi::TypedArray;

DT get_dt(const Args& a, size_t i, const char* name) {
  const int64_t v = napi::get_int(a, i, name);
  if (v < 0 || v > int64_t(DT::BOOL)) throw Error{std::string(a.fn) + ": unknown dtype code " + std::to_string(v)};
  return DT(v);
}

// Codes above the highest are refused, never narrowed into a valid one.
UnaryOp get_unary_op(const Args& a, size_t i) {
  const int64_t v = napi::get_int(a, i, "op");
  if (v < 0 || v > int64_t(UnaryOp::Gelu)) throw Error{std::string(a.fn) + ": unknown unary op code " + std::to_string(v)};
  return UnaryOp(v);
}

void need(const Args& a, const TypedArray& t, int64_t n, const char* name) {
  if (int64_t(t.length) < n) {
    throw Error{std::string(a.fn) + ": argument '" + name + "' has " + std::to_string(t.length) + " elements, needs " + std::to_string(n)};
  }
}

napi_value CpuFeaturesJs(napi_env env, napi_callback_info) {
  const CpuFeatures& f = cpu_features();
  napi_value o;
  napi_create_object(env, &o);
  const std::pair<const char*, bool> flags[] = {
      {"avx2", f.avx2}, {"fma", f.fma}, {"f16c", f.f16c}, {"avx512f", f.avx512f}, {"avx512bw", f.avx512bw},
      {"avx512vl", f.avx512vl}, {"avx512bf16", f.avx512bf16}, {"avx512fp16", f.avx512fp16},
      {"amxTile", f.amxTile}, {"amxBf16", f.amxBf16}, {"amxFp16", f.amxFp16}};
  for (const auto& [name, value] : flags) napi_set_named_property(env, o, name, napi::make_bool(env, value));
  return o;
}

napi_value AlignOffsetJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 2, "alignOffset");
    return napi::make_number(env, double(align_offset(env, a.values[0], napi::get_int(a, 1, "alignment"))));
  });
}

napi_value NumThreadsJs(napi_env env, napi_callback_info) { return napi::make_number(env, num_threads()); }

napi_value SetNumThreadsJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 1, "setNumThreads");
    set_num_threads(int(napi::get_int(a, 0, "n")));
    return napi::undefined(env);
  });
}

napi_value CastJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 4, "cast");
    const TypedArray x = napi::get_typed_array(a, 1, "x"), out = napi::get_typed_array(a, 3, "out");
    need(a, x, int64_t(out.length), "x");
    return napi::make_bool(env, cast(get_dt(a, 0, "srcDtype"), x.data, get_dt(a, 2, "dstDtype"), out.data, int64_t(out.length)));
  });
}

napi_value UnaryJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 4, "unary");
    const TypedArray x = napi::get_typed_array(a, 2, "x"), out = napi::get_typed_array(a, 3, "out");
    need(a, x, int64_t(out.length), "x");
    return napi::make_bool(env, unary(get_unary_op(a, 0), get_dt(a, 1, "dtype"), x.data, out.data, int64_t(out.length)));
  });
}

// (op, dtype, a, b, out, shape, aStrides, bStrides)
template <bool IsCompare>
napi_value BroadcastJs(napi_env env, napi_callback_info info) {
  const char* fn = IsCompare ? "compare" : "binary";
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 8, fn);
    const TypedArray x = napi::get_typed_array(a, 2, "a"), y = napi::get_typed_array(a, 3, "b"), out = napi::get_typed_array(a, 4, "out");
    Broadcast bc{napi::get_int_array(a, 5, "shape"), {napi::get_int_array(a, 6, "aStrides"), napi::get_int_array(a, 7, "bStrides")}};
    if (bc.shape.empty()) bc.shape = {1};
    for (auto& s : bc.strides) {
      if (s.empty()) s = {0};
      if (s.size() != bc.shape.size()) throw Error{std::string(fn) + ": strides and shape differ in rank"};
    }
    int64_t n = 1, maxA = 0, maxB = 0;
    for (size_t d = 0; d < bc.shape.size(); d++) {
      n *= bc.shape[d];
      maxA += (bc.shape[d] - 1) * bc.strides[0][d];
      maxB += (bc.shape[d] - 1) * bc.strides[1][d];
    }
    need(a, out, n, "out");
    if (n > 0) {
      need(a, x, maxA + 1, "a");
      need(a, y, maxB + 1, "b");
    }
    const DT dt = get_dt(a, 1, "dtype");
    const int op = int(napi::get_int(a, 0, "op"));
    bool ok;
    if constexpr (IsCompare) ok = compare(CompareOp(op), dt, x.data, y.data, static_cast<uint8_t*>(out.data), bc);
    else ok = binary(BinaryOp(op), dt, x.data, y.data, out.data, bc);
    return napi::make_bool(env, ok);
  });
}

// (elemSize, cond, a, b, out, shape, condStrides, aStrides, bStrides)
napi_value WhereJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 9, "where");
    const TypedArray c = napi::get_typed_array(a, 1, "cond"), x = napi::get_typed_array(a, 2, "a"), y = napi::get_typed_array(a, 3, "b"), out = napi::get_typed_array(a, 4, "out");
    Broadcast bc{napi::get_int_array(a, 5, "shape"), {napi::get_int_array(a, 6, "condStrides"), napi::get_int_array(a, 7, "aStrides"), napi::get_int_array(a, 8, "bStrides")}};
    if (bc.shape.empty()) bc.shape = {1};
    int64_t n = 1;
    int64_t reach[3] = {0, 0, 0};
    for (auto& s : bc.strides) {
      if (s.empty()) s = {0};
      if (s.size() != bc.shape.size()) throw Error{"where: strides and shape differ in rank"};
    }
    for (size_t d = 0; d < bc.shape.size(); d++) {
      n *= bc.shape[d];
      for (int k = 0; k < 3; k++) reach[k] += (bc.shape[d] - 1) * bc.strides[size_t(k)][d];
    }
    need(a, out, n, "out");
    if (n > 0) {
      need(a, c, reach[0] + 1, "cond");
      need(a, x, reach[1] + 1, "a");
      need(a, y, reach[2] + 1, "b");
    }
    return napi::make_bool(env, where(int(napi::get_int(a, 0, "elemSize")), static_cast<const uint8_t*>(c.data), x.data, y.data, out.data, bc));
  });
}

// (op, dtype, x, outer, r, inner, out)
napi_value ReduceJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 7, "reduce");
    const TypedArray x = napi::get_typed_array(a, 2, "x"), out = napi::get_typed_array(a, 6, "out");
    const int64_t outer = napi::get_int(a, 3, "outer"), r = napi::get_int(a, 4, "r"), inner = napi::get_int(a, 5, "inner");
    need(a, x, outer * r * inner, "x");
    need(a, out, outer * inner, "out");
    return napi::make_bool(env, reduce(int(napi::get_int(a, 0, "op")), get_dt(a, 1, "dtype"), x.data, outer, r, inner, out.data));
  });
}

// (dtype, x, outer, n, inner, out, log)
napi_value SoftmaxJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 7, "softmax");
    const TypedArray x = napi::get_typed_array(a, 1, "x"), out = napi::get_typed_array(a, 5, "out");
    const int64_t outer = napi::get_int(a, 2, "outer"), n = napi::get_int(a, 3, "n"), inner = napi::get_int(a, 4, "inner");
    if (outer < 0 || n < 0 || inner < 0) throw Error{"softmax: sizes must be >= 0"};
    need(a, x, outer * n * inner, "x");
    need(a, out, outer * n * inner, "out");
    return napi::make_bool(env, softmax(get_dt(a, 0, "dtype"), x.data, outer, n, inner, out.data, napi::get_bool(a, 6, "log")));
  });
}

// (dtype, logits, labels, rows, classes, out)
napi_value SparseSoftmaxCrossEntropyJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 6, "sparseSoftmaxCrossEntropy");
    const TypedArray x = napi::get_typed_array(a, 1, "logits"), y = napi::get_typed_array(a, 2, "labels"), out = napi::get_typed_array(a, 5, "out");
    if (y.type != napi_int32_array) throw Error{"sparseSoftmaxCrossEntropy: argument 'labels' must be an Int32Array"};
    if (out.type != napi_float32_array) throw Error{"sparseSoftmaxCrossEntropy: argument 'out' must be a Float32Array"};
    const int64_t rows = napi::get_int(a, 3, "rows"), classes = napi::get_int(a, 4, "classes");
    if (rows < 0 || classes < 0) throw Error{"sparseSoftmaxCrossEntropy: sizes must be >= 0"};
    need(a, x, rows * classes, "logits");
    need(a, y, rows, "labels");
    need(a, out, rows, "out");
    // A label indexes the logits: check the range here rather than read out of bounds.
    const int32_t* labels = static_cast<const int32_t*>(y.data);
    for (int64_t r = 0; r < rows; r++) {
      if (labels[r] < 0 || labels[r] >= classes) throw Error{"sparseSoftmaxCrossEntropy: label " + std::to_string(labels[r]) + " is outside [0, " + std::to_string(classes) + ")"};
    }
    return napi::make_bool(env, sparse_softmax_cross_entropy(get_dt(a, 0, "dtype"), x.data, labels, rows, classes, static_cast<float*>(out.data)));
  });
}

napi_value AllFiniteJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 2, "allFinite");
    const TypedArray x = napi::get_typed_array(a, 1, "x");
    return napi::make_number(env, all_finite(get_dt(a, 0, "dtype"), x.data, int64_t(x.length)));
  });
}

DT gemm_dtype(const Args& a, size_t i, const char* name) {
  const DT dt = get_dt(a, i, name);
  if (dt != DT::F32 && dt != DT::F16 && dt != DT::BF16) throw Error{std::string("gemm: argument '") + name + "' must be a float32, float16 or bfloat16 code"};
  return dt;
}

// The fused activation of a dense layer, applied by the GEMM to each finished float32 row
// segment: the float32 kernel of the unary op (ctx), on a pool thread.
void unary_epilogue(float* values, int64_t count, void* ctx) { reinterpret_cast<UnaryFn>(ctx)(values, values, 0, count); }

// (aDtype, a, bDtype, b, cDtype, c, m, n, k, transA, transB, lda, ldb, ldc, bias, relu, activation)
// activation: -1 for none, else the unary code of sigmoid, tanh or gelu, applied after bias and relu.
napi_value GemmJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 17, "gemm");
    GemmArgs g{};
    g.a_type = gemm_dtype(a, 0, "aDtype");
    g.b_type = gemm_dtype(a, 2, "bDtype");
    g.c_type = gemm_dtype(a, 4, "cDtype");
    const TypedArray ta = napi::get_typed_array(a, 1, "a"), tb = napi::get_typed_array(a, 3, "b"), tc = napi::get_typed_array(a, 5, "c");
    g.a = ta.data;
    g.b = tb.data;
    g.c = tc.data;
    g.m = napi::get_int(a, 6, "m");
    g.n = napi::get_int(a, 7, "n");
    g.k = napi::get_int(a, 8, "k");
    g.trans_a = napi::get_bool(a, 9, "transA");
    g.trans_b = napi::get_bool(a, 10, "transB");
    g.lda = napi::get_int(a, 11, "lda");
    g.ldb = napi::get_int(a, 12, "ldb");
    g.ldc = napi::get_int(a, 13, "ldc");
    const int64_t a_rows = g.trans_a ? g.k : g.m, b_rows = g.trans_b ? g.n : g.k;
    const int64_t a_cols = g.trans_a ? g.m : g.k, b_cols = g.trans_b ? g.k : g.n;
    if (g.m < 0 || g.n < 0 || g.k < 0 || g.lda < a_cols || g.ldb < b_cols || g.ldc < g.n) throw Error{"gemm: invalid sizes or leading dimensions"};
    if (a_rows > 0 && a_cols > 0) need(a, ta, (a_rows - 1) * g.lda + a_cols, "a");
    if (b_rows > 0 && b_cols > 0) need(a, tb, (b_rows - 1) * g.ldb + b_cols, "b");
    if (g.m > 0 && g.n > 0) need(a, tc, (g.m - 1) * g.ldc + g.n, "c");
    if (!napi::is_null_or_undefined(a, 14)) {
      const TypedArray bias = napi::get_typed_array(a, 14, "bias");
      if (bias.type != napi_float32_array) throw Error{"gemm: argument 'bias' must be a Float32Array"};
      need(a, bias, g.n, "bias");
      g.bias = static_cast<const float*>(bias.data);
    }
    g.relu = napi::get_bool(a, 15, "relu");
    const int64_t act = napi::get_int(a, 16, "activation");
    if (act != -1) {
      const UnaryOp op = static_cast<UnaryOp>(act);
      if (op != UnaryOp::Sigmoid && op != UnaryOp::Tanh && op != UnaryOp::Gelu) throw Error{"gemm: argument 'activation' must be -1 or the code of sigmoid, tanh or gelu"};
      g.epilogue = unary_epilogue;
      g.epilogue_ctx = reinterpret_cast<void*>(unary_fn(op, DT::F32));
    }
    gemm(g);
    return napi::undefined(env);
  });
}

napi_value GemmKernelNameJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 2, "gemmKernelName");
    napi_value s;
    napi_create_string_utf8(env, gemm_kernel_name(gemm_dtype(a, 0, "aDtype"), gemm_dtype(a, 1, "bDtype")), NAPI_AUTO_LENGTH, &s);
    return s;
  });
}

napi_value MeasurePeakJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 2, "measurePeak");
    return napi::make_number(env, measure_peak_gflops(gemm_dtype(a, 0, "dtype"), int(napi::get_int(a, 1, "threads"))));
  });
}

// A float32 slot, or null where the update does not use one.
float* slot(const Args& a, size_t i, const char* name, int64_t n) {
  if (napi::is_null_or_undefined(a, i)) return nullptr;
  const TypedArray t = napi::get_typed_array(a, i, name);
  if (t.type != napi_float32_array) throw Error{std::string(a.fn) + ": argument '" + name + "' must be a Float32Array"};
  need(a, t, n, name);
  return static_cast<float*>(t.data);
}

// Common head of the updates: (gradDtype, grad, scale, variable, ...).
struct UpdateHead {
  DT gdt;
  const void* grad;
  float scale;
  float* p;
  int64_t n;
};

UpdateHead update_head(const Args& a) {
  const TypedArray p = napi::get_typed_array(a, 3, "variable");
  if (p.type != napi_float32_array) throw Error{std::string(a.fn) + ": argument 'variable' must be a Float32Array"};
  const TypedArray g = napi::get_typed_array(a, 1, "grad");
  need(a, g, int64_t(p.length), "grad");
  return {get_dt(a, 0, "gradDtype"), g.data, float(napi::get_number(a, 2, "scale")), static_cast<float*>(p.data), int64_t(p.length)};
}

float num(const Args& a, size_t i, const char* name) { return float(napi::get_number(a, i, name)); }

// (gradDtype, grad, scale, variable, m, lr, momentum, nesterov)
napi_value UpdateSgdJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 8, "updateSgd");
    const UpdateHead h = update_head(a);
    const SgdParams k{num(a, 5, "lr"), num(a, 6, "momentum"), napi::get_bool(a, 7, "nesterov")};
    float* m = slot(a, 4, "m", h.n);
    if (k.momentum != 0 && !m) throw Error{"updateSgd: momentum needs the slot 'm'"};
    return napi::make_bool(env, update_sgd(h.gdt, h.grad, h.scale, h.p, m, h.n, k));
  });
}

// (gradDtype, grad, scale, variable, v, mom, avg, lr, rho, oneMinusRho, momentum, epsilon)
napi_value UpdateRmspropJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 12, "updateRmsprop");
    const UpdateHead h = update_head(a);
    float* v = slot(a, 4, "v", h.n);
    if (!v) throw Error{"updateRmsprop: the slot 'v' is required"};
    float* mom = slot(a, 5, "mom", h.n);
    float* avg = slot(a, 6, "avg", h.n);
    const RmspropParams k{num(a, 7, "lr"), num(a, 8, "rho"), num(a, 9, "oneMinusRho"), num(a, 10, "momentum"), num(a, 11, "epsilon"), avg != nullptr};
    if (k.momentum > 0 && !mom) throw Error{"updateRmsprop: momentum needs the slot 'mom'"};
    return napi::make_bool(env, update_rmsprop(h.gdt, h.grad, h.scale, h.p, v, k.momentum > 0 ? mom : nullptr, avg, h.n, k));
  });
}

// (gradDtype, grad, scale, variable, m, v, alpha, oneMinusBeta1, oneMinusBeta2, epsilon, decay)
napi_value UpdateAdamJs(napi_env env, napi_callback_info info) {
  return napi::guard(env, [&] {
    Args a = napi::get_args(env, info, 11, "updateAdam");
    const UpdateHead h = update_head(a);
    float* m = slot(a, 4, "m", h.n);
    float* v = slot(a, 5, "v", h.n);
    if (!m || !v) throw Error{"updateAdam: the slots 'm' and 'v' are required"};
    const AdamParams k{num(a, 6, "alpha"), num(a, 7, "oneMinusBeta1"), num(a, 8, "oneMinusBeta2"), num(a, 9, "epsilon"), num(a, 10, "decay")};
    return napi::make_bool(env, update_adam(h.gdt, h.grad, h.scale, h.p, m, v, h.n, k));
  });
}

napi_value Init(napi_env env, napi_value exports) {
  napi::export_function(env, exports, "cpuFeatures", CpuFeaturesJs);
  napi::export_function(env, exports, "alignOffset", AlignOffsetJs);
  napi::export_function(env, exports, "numThreads", NumThreadsJs);
  napi::export_function(env, exports, "setNumThreads", SetNumThreadsJs);
  napi::export_function(env, exports, "cast", CastJs);
  napi::export_function(env, exports, "unary", UnaryJs);
  napi::export_function(env, exports, "binary", BroadcastJs<false>);
  napi::export_function(env, exports, "compare", BroadcastJs<true>);
  napi::export_function(env, exports, "reduce", ReduceJs);
  napi::export_function(env, exports, "where", WhereJs);
  napi::export_function(env, exports, "allFinite", AllFiniteJs);
  napi::export_function(env, exports, "softmax", SoftmaxJs);
  napi::export_function(env, exports, "sparseSoftmaxCrossEntropy", SparseSoftmaxCrossEntropyJs);
  napi::export_function(env, exports, "gemm", GemmJs);
  napi::export_function(env, exports, "gemmKernelName", GemmKernelNameJs);
  napi::export_function(env, exports, "measurePeak", MeasurePeakJs);
  napi::export_function(env, exports, "updateSgd", UpdateSgdJs);
  napi::export_function(env, exports, "updateRmsprop", UpdateRmspropJs);
  napi::export_function(env, exports, "updateAdam", UpdateAdamJs);
  return exports;
}

}  // namespace
}  // namespace kerats

NAPI_MODULE(NODE_GYP_MODULE_NAME, kerats::Init)
