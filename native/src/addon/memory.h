// Tensor storage allocated natively: 64-byte aligned (full cache lines and AVX-512
// loads), uninitialized unless asked, and reported to V8 so garbage collection
// keeps pace with native memory.
#pragma once

#include <node_api.h>

#include <cstddef>

namespace kerats {

// An ArrayBuffer of `bytes` bytes; zero-filled when `zeroed`.
napi_value alloc_array_buffer(napi_env env, size_t bytes, bool zeroed);

}  // namespace kerats
