// Elementwise kernels for float32, float16 and bfloat16 data, computing in float32.
// Each returns false when it has no kernel for the op/dtype (the caller then uses
// the reference backend; the TypeScript capability table mirrors these).
#pragma once

#include <cstdint>

#include "kernels/dtype.h"
#include "kernels/elementwise-ops.h"
#include "kernels/row-iter.h"

namespace kerats {

bool unary(UnaryOp op, DT dt, const void* x, void* out, int64_t n);

// The single-threaded kernel of `op` on elements [i0, i1) of dt data (null when there is
// none): for callers that already run on a pool thread, e.g. a GEMM epilogue. In place is allowed.
using UnaryFn = void (*)(const void* x, void* out, int64_t i0, int64_t i1);
UnaryFn unary_fn(UnaryOp op, DT dt);
bool binary(BinaryOp op, DT dt, const void* a, const void* b, void* out, const Broadcast& bc);
bool compare(CompareOp op, DT dt, const void* a, const void* b, uint8_t* out, const Broadcast& bc);

// Runs body(begin, end) over [0, n) in parallel chunks (serially when n is small).
template <class Body>
void parallel_range(int64_t n, Body&& body) {
  constexpr int64_t kGrain = 1 << 15;
  if (n <= kGrain) {
    if (n > 0) body(int64_t(0), n);
    return;
  }
  const int64_t tasks = (n + kGrain - 1) / kGrain;
  parallel_for(tasks, [&](int64_t t, int) { body(t * kGrain, t + 1 == tasks ? n : (t + 1) * kGrain); });
}

}  // namespace kerats
