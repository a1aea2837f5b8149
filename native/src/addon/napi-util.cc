#include "addon/napi-util.h"

namespace kerats::napi {

static void check(napi_env env, napi_status status, const char* what) {
  if (status != napi_ok) {
    const napi_extended_error_info* info = nullptr;
    napi_get_last_error_info(env, &info);
    throw Error{std::string(what) + ": " + (info && info->error_message ? info->error_message : "Node-API call failed")};
  }
}

Args get_args(napi_env env, napi_callback_info info, size_t count, const char* fn) {
  Args args{env, std::vector<napi_value>(count), fn};
  size_t argc = count;
  check(env, napi_get_cb_info(env, info, &argc, args.values.data(), nullptr, nullptr), fn);
  if (argc < count) throw Error{std::string(fn) + ": expected " + std::to_string(count) + " arguments, got " + std::to_string(argc)};
  return args;
}

static std::string where(const Args& args, const char* name) { return std::string(args.fn) + ": argument '" + name + "'"; }

double get_number(const Args& args, size_t i, const char* name) {
  double v;
  if (napi_get_value_double(args.env, args.values[i], &v) != napi_ok) throw Error{where(args, name) + " must be a number"};
  return v;
}

int64_t get_int(const Args& args, size_t i, const char* name) {
  int64_t v;
  if (napi_get_value_int64(args.env, args.values[i], &v) != napi_ok) throw Error{where(args, name) + " must be an integer"};
  return v;
}

bool get_bool(const Args& args, size_t i, const char* name) {
  bool v;
  if (napi_get_value_bool(args.env, args.values[i], &v) != napi_ok) throw Error{where(args, name) + " must be a boolean"};
  return v;
}

TypedArray get_typed_array(const Args& args, size_t i, const char* name) {
  bool is = false;
  napi_is_typedarray(args.env, args.values[i], &is);
  if (!is) throw Error{where(args, name) + " must be a typed array"};
  TypedArray t;
  napi_value buffer;
  size_t offset;
  check(args.env, napi_get_typedarray_info(args.env, args.values[i], &t.type, &t.length, &t.data, &buffer, &offset), args.fn);
  return t;
}

std::vector<int64_t> get_int_array(const Args& args, size_t i, const char* name) {
  bool is = false;
  napi_is_array(args.env, args.values[i], &is);
  if (!is) throw Error{where(args, name) + " must be an array of integers"};
  uint32_t n = 0;
  napi_get_array_length(args.env, args.values[i], &n);
  std::vector<int64_t> out(n);
  for (uint32_t k = 0; k < n; k++) {
    napi_value e;
    napi_get_element(args.env, args.values[i], k, &e);
    if (napi_get_value_int64(args.env, e, &out[k]) != napi_ok) throw Error{where(args, name) + " must be an array of integers"};
  }
  return out;
}

bool is_null_or_undefined(const Args& args, size_t i) {
  napi_valuetype t;
  napi_typeof(args.env, args.values[i], &t);
  return t == napi_null || t == napi_undefined;
}

napi_value make_number(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}

napi_value make_bool(napi_env env, bool v) {
  napi_value r;
  napi_get_boolean(env, v, &r);
  return r;
}

napi_value undefined(napi_env env) {
  napi_value r;
  napi_get_undefined(env, &r);
  return r;
}

void export_function(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

}  // namespace kerats::napi
