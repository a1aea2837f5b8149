#include "addon/memory.h"

#include <cstdint>

#include "addon/napi-util.h"

namespace kerats {

int64_t align_offset(napi_env env, napi_value array_buffer, int64_t alignment) {
  void* data = nullptr;
  size_t length = 0;
  if (napi_get_arraybuffer_info(env, array_buffer, &data, &length) != napi_ok) throw napi::Error{"alignOffset: argument 'buffer' must be an ArrayBuffer"};
  if (alignment <= 0 || (alignment & (alignment - 1)) != 0) throw napi::Error{"alignOffset: argument 'alignment' must be a power of two"};
  const auto address = reinterpret_cast<uintptr_t>(data);
  return int64_t((uintptr_t(alignment) - address % uintptr_t(alignment)) % uintptr_t(alignment));
}

}  // namespace kerats
