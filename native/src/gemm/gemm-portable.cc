// Portable fallback (no AVX-512): scalar packing that converts every input
// dtype to float32, and a plain-loop 6x16 microkernel that the compiler
// vectorises with whatever the baseline target offers (SSE2 on x86-64).
#include "../half.h"
#include "gemm-internal.h"

namespace kerats {
namespace gemm_detail {

namespace {

constexpr int kMr = 6, kNr = 16;

template <DT T>
inline float load_as_f32(const void* p, int64_t i) {
  if constexpr (T == DT::F32) return static_cast<const float*>(p)[i];
  else if constexpr (T == DT::F16) return f16_bits_to_float(static_cast<const uint16_t*>(p)[i]);
  else return bf16_bits_to_float(static_cast<const uint16_t*>(p)[i]);
}

template <DT T>
void pack_generic_t(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, int width, float* dst) {
  for (int64_t r = 0; r < rows; r += width) {
    float* d = dst + r * depth;  // panel r / width starts at (r / width) * width * depth
    const int64_t valid = rows - r < width ? rows - r : width;
    for (int64_t p = 0; p < depth; ++p)
      for (int w = 0; w < width; ++w) {
        const int64_t rr = r0 + r + w, cc = c0 + p;
        d[p * width + w] = w < valid ? load_as_f32<T>(x.p, x.trans ? cc * x.ld + rr : rr * x.ld + cc) : 0.0f;
      }
  }
}

void pack_generic(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, int width, float* dst) {
  switch (x.type) {
    case DT::F32: pack_generic_t<DT::F32>(x, r0, rows, c0, depth, width, dst); break;
    case DT::F16: pack_generic_t<DT::F16>(x, r0, rows, c0, depth, width, dst); break;
    case DT::BF16: pack_generic_t<DT::BF16>(x, r0, rows, c0, depth, width, dst); break;
    default: break;  // not a GEMM type: gemm.h admits F32, F16 and BF16 only
  }
}

void pack_a(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_generic(x, r0, rows, c0, depth, kMr, static_cast<float*>(dst));
}
void pack_b(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_generic(x, r0, rows, c0, depth, kNr, static_cast<float*>(dst));
}

void kernel(int64_t depth, const void* ap, const void* bp, float* c, int64_t ldc, bool accumulate) {
  const float* a = static_cast<const float*>(ap);
  const float* b = static_cast<const float*>(bp);
  float acc[kMr][kNr] = {};
  for (int64_t p = 0; p < depth; ++p, a += kMr, b += kNr)
    for (int r = 0; r < kMr; ++r)
      for (int j = 0; j < kNr; ++j) acc[r][j] += a[r] * b[j];
  for (int r = 0; r < kMr; ++r)
    for (int j = 0; j < kNr; ++j) c[r * ldc + j] = accumulate ? c[r * ldc + j] + acc[r][j] : acc[r][j];
}

const Impl kImpl = {"portable-f32", kMr, kNr, 1, 4, 256, kMr * 20, 4096, pack_a, pack_b, kernel, nullptr};

}  // namespace

const Impl* impl_f32_portable() { return &kImpl; }

}  // namespace gemm_detail
}  // namespace kerats
