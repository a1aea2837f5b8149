// Reductions over an [outer, r, inner] layout for float32/float16/bfloat16, accumulating
// in float32 and rounding once; allFinite over any float data.
#pragma once

#include <cstdint>

#include "kernels/dtype.h"

namespace kerats {

// Op codes are the indexes of REDUCE_PRIMS (sum, mean, prod, max, min); prod has no
// native kernel (returns false).
bool reduce(int op, DT dt, const void* x, int64_t outer, int64_t r, int64_t inner, void* out);

// False as soon as any element is inf or NaN. Returns -1 for dtypes it cannot read.
int all_finite(DT dt, const void* x, int64_t n);

}  // namespace kerats
