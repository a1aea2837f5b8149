#include "addon/memory.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "addon/napi-util.h"

namespace kerats {
namespace {

constexpr size_t kAlign = 64;
// Small buffers come from V8 itself: an external buffer costs more than it saves.
constexpr size_t kExternalMin = 4096;

void release(napi_env env, void* data, void* hint) {
  std::free(data);
  int64_t change;
  napi_adjust_external_memory(env, -static_cast<int64_t>(reinterpret_cast<uintptr_t>(hint)), &change);
}

}  // namespace

napi_value alloc_array_buffer(napi_env env, size_t bytes, bool zeroed) {
  napi_value result = nullptr;
  if (bytes < kExternalMin) {
    void* data;
    if (napi_create_arraybuffer(env, bytes, &data, &result) != napi_ok) throw napi::Error{"alloc: cannot allocate " + std::to_string(bytes) + " bytes"};
    return result;  // V8 zero-fills these
  }
  const size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;
  void* data = std::aligned_alloc(kAlign, rounded);
  if (!data) throw napi::Error{"alloc: out of memory allocating " + std::to_string(bytes) + " bytes"};
  if (zeroed) std::memset(data, 0, bytes);
  if (napi_create_external_arraybuffer(env, data, bytes, release, reinterpret_cast<void*>(uintptr_t(rounded)), &result) != napi_ok) {
    std::free(data);
    throw napi::Error{"alloc: cannot wrap native memory in an ArrayBuffer"};
  }
  int64_t change;
  napi_adjust_external_memory(env, static_cast<int64_t>(rounded), &change);
  return result;
}

}  // namespace kerats
