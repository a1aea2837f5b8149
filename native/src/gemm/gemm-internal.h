// Internal interfaces between the GEMM driver (gemm.cc) and the per-ISA
// packing routines and microkernels.
//
// Blocking follows BLIS/GotoBLAS: for each nc-wide column block of C and each
// kc-deep slice of k, a kc x nc panel of op(B) is packed into nr-wide
// micro-panels (shared by all threads); each thread packs an mc x kc block of
// op(A) into mr-tall micro-panels and runs the mr x nr microkernel over it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gemm.h"

namespace kerats {
namespace gemm_detail {

// A strided view of op(X): element (r, c) is at p[trans ? c*ld + r : r*ld + c].
struct Operand {
  const void* p;
  DT type;
  int64_t ld;
  bool trans;
};

// Packs rows [r0, r0+rows) x cols [c0, c0+depth) of a matrix into
// width-wide micro-panels, where "width" runs along r and "depth" along k:
//   A: r = row of op(A), depth = k.           (panel width = mr)
//   B: r = column of op(B), depth = k, i.e. the operand is op(B)^T.
// Panel i covers r in [r0 + i*width, ...); rows past `rows` are zero-filled;
// depth is padded with zeros to a multiple of the kernel's k granularity.
using PackFn = void (*)(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst);

// c[0..mr) x [0..nr) (row stride ldc, float32) = (accumulate ? c : 0) + A_panel · B_panel.
using KernelFn = void (*)(int64_t depth, const void* a, const void* b, float* c, int64_t ldc, bool accumulate);

// The same tile, reading a float32 op(A) in place instead of a packed panel: element
// (r, p) of the tile at a[p*lda + r] when k_major (op(A) = stored A transposed), else
// at a[r*lda + p]. All mr rows must exist.
using DirectKernelFn = void (*)(int64_t depth, const float* a, int64_t lda, bool k_major, const void* b, float* c, int64_t ldc,
                                bool accumulate);

struct Impl {
  const char* name;
  int mr, nr;
  int k_granule;        // 1 for float32 panels, 2 for bf16 pairs
  int elem_bytes;       // bytes per packed element (4 or 2)
  int64_t kc, mc, nc;   // cache block sizes (kc a multiple of k_granule, mc of mr, nc of nr)
  PackFn pack_a, pack_b;
  KernelFn kernel;
  DirectKernelFn kernel_direct;  // may be null: A is always packed
};

// Transposed view: op(X)^T, used to pack B with the same routine as A.
inline Operand transposed(const Operand& x) { return Operand{x.p, x.type, x.ld, !x.trans}; }

// Each returns nullptr when the ISA is not available at run time.
const Impl* impl_f32_avx512();
const Impl* impl_bf16_avx512();
const Impl* impl_f32_avx2();
const Impl* impl_f32_portable();

// AVX-512 packers (pack-f32-avx512.cc, pack-bf16-avx512.cc); widths from tiles.h.
void pack_a_f32_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst);
void pack_b_f32_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst);
void pack_a_bf16_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst);
void pack_b_bf16_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst);

// Row finishing (epilogue.cc / epilogue-avx512.cc), applied to float32 rows
// of C once their k sum is complete:
//   bias_relu: seg[j] = max?(seg[j] + bias[j], 0) in place (bias may be null);
//   store_row: rounds seg to `type` and writes it to dst (dst may equal seg
//   when type is F32, then nothing is done).
struct RowFinisher {
  void (*bias_relu)(float* seg, int64_t n, const float* bias, bool relu);
  void (*store_row)(const float* seg, int64_t n, DT type, void* dst);
};
const RowFinisher& row_finisher_portable();
const RowFinisher* row_finisher_avx512();  // nullptr without AVX-512

}  // namespace gemm_detail
}  // namespace kerats
