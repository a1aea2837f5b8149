// Fused optimizer updates on float32 master weights, bit-exact with
// src/backend/reference/update-kernels.ts (same float32 operations in the same order).
#pragma once

#include <cstdint>

#include "kernels/dtype.h"

namespace kerats {

struct SgdParams {
  float lr, momentum;
  bool nesterov;
};
struct RmspropParams {
  float lr, rho, one_minus_rho, momentum, epsilon;
  bool centered;
};
struct AdamParams {
  float alpha, one_minus_beta1, one_minus_beta2, epsilon, decay;
};

// grad has dtype gdt (float32/float16/bfloat16); slots may be null where unused.
// Return false for gradient dtypes they cannot read.
bool update_sgd(DT gdt, const void* grad, float scale, float* p, float* m, int64_t n, const SgdParams& k);
bool update_rmsprop(DT gdt, const void* grad, float scale, float* p, float* v, float* mom, float* avg, int64_t n, const RmspropParams& k);
bool update_adam(DT gdt, const void* grad, float scale, float* p, float* m, float* v, int64_t n, const AdamParams& k);

}  // namespace kerats
