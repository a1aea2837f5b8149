// AVX-512 packing into float32 micro-panels, converting f16/bf16 on the fly
// (the float32 kernel serves every input mix except bf16 x bf16).
//
// Two source layouts, by which index of the operand is contiguous:
//  - along the panel width (e.g. B not transposed): each k step is a (masked)
//    16-lane load + store;
//  - along k (e.g. A not transposed): 16 rows x 16 k are loaded and
//    transposed in registers, so memory is still read in full vectors.
#include "gemm-internal.h"

#if defined(__x86_64__)
#include "avx512-util.h"
#include "tiles.h"

namespace kerats {
namespace gemm_detail {

namespace {

constexpr size_t elem_size(DT t) { return t == DT::F32 ? 4 : 2; }

template <DT T, int W>
KERATS_TARGET_AVX512 void pack_f32_t(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth,
                                     float* dst) {
  constexpr int G = (W + 15) / 16;
  constexpr size_t es = elem_size(T);
  const char* base = static_cast<const char*>(x.p);
  const int64_t ld = x.ld;
  const int64_t panels = (rows + W - 1) / W;
  for (int64_t pi = 0; pi < panels; ++pi) {
    const int64_t pr0 = r0 + pi * W;
    const int64_t valid = rows - pi * W < W ? rows - pi * W : W;
    float* d = dst + pi * W * depth;
    if (x.trans) {
      // Element (r, c) at c*ld + r: the panel width is contiguous.
      for (int64_t p = 0; p < depth; ++p) {
        const char* s = base + ((c0 + p) * ld + pr0) * es;
#pragma GCC unroll 4
        for (int g = 0; g < G; ++g) {
          const int lanes = W - 16 * g < 16 ? W - 16 * g : 16;
          const int64_t nv = valid - 16 * g;
          const __m512 v = load16_as_f32<T>(s + 16 * g * es, lane_mask16(nv < 0 ? 0 : nv));
          if (lanes == 16)
            _mm512_storeu_ps(d + p * W + 16 * g, v);
          else
            _mm512_mask_storeu_ps(d + p * W + 16 * g, lane_mask16(lanes), v);
        }
      }
    } else {
      // Element (r, c) at r*ld + c: k is contiguous; transpose 16x16 blocks.
      for (int g = 0; g < G; ++g) {
        const int lanes = W - 16 * g < 16 ? W - 16 * g : 16;
        const int64_t nv0 = valid - 16 * g;
        const int nv = nv0 < 0 ? 0 : (nv0 > 16 ? 16 : int(nv0));
        const __mmask16 store_mask = lane_mask16(lanes);
        for (int64_t p0 = 0; p0 < depth; p0 += 16) {
          const int dn = depth - p0 < 16 ? int(depth - p0) : 16;
          const __mmask16 m = lane_mask16(dn);
          __m512 r[16];
          for (int i = 0; i < 16; ++i)
            r[i] = i < nv ? load16_as_f32<T>(base + ((pr0 + 16 * g + i) * ld + c0 + p0) * es, m) : _mm512_setzero_ps();
          transpose16x16(r);
          float* o = d + p0 * W + 16 * g;
          if (dn == 16 && lanes == 16) {
            for (int j = 0; j < 16; ++j) _mm512_storeu_ps(o + j * W, r[j]);
          } else {
            for (int j = 0; j < dn; ++j) _mm512_mask_storeu_ps(o + j * W, store_mask, r[j]);
          }
        }
      }
    }
  }
}

template <int W>
void pack_f32_w(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  float* d = static_cast<float*>(dst);
  switch (x.type) {
    case DT::F32: pack_f32_t<DT::F32, W>(x, r0, rows, c0, depth, d); break;
    case DT::F16: pack_f32_t<DT::F16, W>(x, r0, rows, c0, depth, d); break;
    case DT::BF16: pack_f32_t<DT::BF16, W>(x, r0, rows, c0, depth, d); break;
    default: break;  // not a GEMM type: gemm.h admits F32, F16 and BF16 only
  }
}

}  // namespace

void pack_a_f32_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_f32_w<kF32Mr>(x, r0, rows, c0, depth, dst);
}
void pack_b_f32_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_f32_w<kF32Nr>(x, r0, rows, c0, depth, dst);
}

}  // namespace gemm_detail
}  // namespace kerats
#endif
