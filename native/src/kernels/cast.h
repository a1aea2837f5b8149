// Casts between float32/float16/bfloat16/uint8/int32 and float outputs, and from
// floats to int32/uint8/bool, bit-exact with src/backend/reference/cast-kernel.ts.
#pragma once

#include <cstdint>

#include "kernels/dtype.h"

namespace kerats {

// Returns false for pairs it has no kernel for (float64, integer -> integer).
bool cast(DT src, const void* x, DT dst, void* out, int64_t n);

}  // namespace kerats
