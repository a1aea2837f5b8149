// Tensor storage is allocated by V8 (plain ArrayBuffers), so the garbage collector
// sees it, counts it toward collection and frees it itself: an external buffer's
// finalizer runs only on a later macrotask, which a synchronous training loop never
// reaches, and Node refuses external buffers over 4 GiB. The addon only tells where a
// buffer's first 64-byte-aligned byte is, so storage starts on a cache line.
#pragma once

#include <node_api.h>

#include <cstdint>

namespace kerats {

// Bytes from the start of `array_buffer` to its first address that is a multiple of `alignment`.
int64_t align_offset(napi_env env, napi_value array_buffer, int64_t alignment);

}  // namespace kerats
