// Small helpers over the Node-API C interface: argument reading with errors that
// name the function and argument, and typed-array access.
#pragma once

#include <node_api.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kerats::napi {

// Thrown inside a binding; the wrapper turns it into a JS TypeError.
struct Error {
  std::string message;
};

struct Args {
  napi_env env;
  std::vector<napi_value> values;
  const char* fn;
};

Args get_args(napi_env env, napi_callback_info info, size_t count, const char* fn);

double get_number(const Args& args, size_t i, const char* name);
int64_t get_int(const Args& args, size_t i, const char* name);
bool get_bool(const Args& args, size_t i, const char* name);

struct TypedArray {
  void* data = nullptr;
  size_t length = 0;  // elements
  napi_typedarray_type type = napi_uint8_array;
};

TypedArray get_typed_array(const Args& args, size_t i, const char* name);
// An array of integers (shapes, strides) from a JS array or Int32Array.
std::vector<int64_t> get_int_array(const Args& args, size_t i, const char* name);
bool is_null_or_undefined(const Args& args, size_t i);

napi_value make_number(napi_env env, double v);
napi_value make_bool(napi_env env, bool v);
napi_value undefined(napi_env env);

// Wraps a binding body so that napi::Error becomes a thrown TypeError.
template <class F>
napi_value guard(napi_env env, F&& body) {
  try {
    return body();
  } catch (const Error& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
    return nullptr;
  }
}

void export_function(napi_env env, napi_value exports, const char* name, napi_callback cb);

}  // namespace kerats::napi
