// where(cond, a, b): picks raw elements (no arithmetic), so one kernel per element size
// serves every dtype and is trivially bit-exact with the reference.
#pragma once

#include <cstdint>

#include "kernels/row-iter.h"

namespace kerats {

// bc.strides: [cond, a, b]. elem_size is 1, 2 or 4 bytes; returns false otherwise.
bool where(int elem_size, const uint8_t* cond, const void* a, const void* b, void* out, const Broadcast& bc);

}  // namespace kerats
