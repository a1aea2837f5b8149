// The dtype codes the addon receives, one enum for the kernels and the GEMM. The
// values are those of DTYPE_CODE in src/backend/native/native-addon.ts; the addon
// rejects any code above BOOL (test/backend/native/addon-codes.test.ts checks both).
#pragma once

namespace kerats {

enum class DT : int { F32 = 0, F16 = 1, BF16 = 2, F64 = 3, I32 = 4, U8 = 5, BOOL = 6 };

}  // namespace kerats
