// AVX-512 packing of bf16 operands into pair panels for vdpbf16ps: each
// 32-bit element holds (x[r][2q], x[r][2q+1]) - two consecutive-k values, low
// half first - laid out [q][w] within a micro-panel. An odd depth is padded
// with a zero partner.
//
//  - k contiguous in the source: consecutive-k pairs are already 32-bit
//    units, so 16 rows x 16 pairs are transposed as 32-bit elements;
//  - panel width contiguous: two source rows (k = 2q, 2q+1) are interleaved
//    by zero-extending each to 32 bits and shifting the second up by 16.
#include "gemm-internal.h"

#if defined(__x86_64__)
#include "avx512-util.h"
#include "tiles.h"

namespace kerats {
namespace gemm_detail {

namespace {

template <int W>
KERATS_TARGET_AVX512 void pack_bf16_t(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth,
                                      uint32_t* dst) {
  constexpr int G = (W + 15) / 16;
  const uint16_t* base = static_cast<const uint16_t*>(x.p);
  const int64_t ld = x.ld;
  const int64_t pairs = (depth + 1) / 2;
  const int64_t panels = (rows + W - 1) / W;
  for (int64_t pi = 0; pi < panels; ++pi) {
    const int64_t pr0 = r0 + pi * W;
    const int64_t valid = rows - pi * W < W ? rows - pi * W : W;
    uint32_t* d = dst + pi * W * pairs;
    if (x.trans) {
      // Element (r, c) at c*ld + r: interleave rows c and c+1.
      for (int64_t q = 0; q < pairs; ++q) {
        const uint16_t* s0 = base + (c0 + 2 * q) * ld + pr0;
        const bool has_second = 2 * q + 1 < depth;
        for (int g = 0; g < G; ++g) {
          const int lanes = W - 16 * g < 16 ? W - 16 * g : 16;
          const int64_t nv = valid - 16 * g;
          const __mmask16 m = lane_mask16(nv < 0 ? 0 : nv);
          const __m512i lo = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, s0 + 16 * g));
          __m512i v = lo;
          if (has_second) {
            const __m512i hi = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, s0 + ld + 16 * g));
            v = _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16));
          }
          _mm512_mask_storeu_epi32(d + q * W + 16 * g, lane_mask16(lanes), v);
        }
      }
    } else {
      // Element (r, c) at r*ld + c: pairs are contiguous 32-bit units.
      for (int g = 0; g < G; ++g) {
        const int lanes = W - 16 * g < 16 ? W - 16 * g : 16;
        const int64_t nv0 = valid - 16 * g;
        const int nv = nv0 < 0 ? 0 : (nv0 > 16 ? 16 : int(nv0));
        const __mmask16 store_mask = lane_mask16(lanes);
        for (int64_t q0 = 0; q0 < pairs; q0 += 16) {
          const int qn = pairs - q0 < 16 ? int(pairs - q0) : 16;
          const int64_t elems = depth - 2 * q0 < 32 ? depth - 2 * q0 : 32;  // bf16 values in this chunk
          const __mmask32 m = elems >= 32 ? __mmask32(0xffffffffu) : __mmask32((1u << elems) - 1u);
          __m512 r[16];
          for (int i = 0; i < 16; ++i)
            r[i] = i < nv ? _mm512_castsi512_ps(_mm512_maskz_loadu_epi16(m, base + (pr0 + 16 * g + i) * ld + c0 + 2 * q0))
                          : _mm512_setzero_ps();
          transpose16x16(r);
          float* o = reinterpret_cast<float*>(d + q0 * W + 16 * g);
          if (qn == 16 && lanes == 16) {
            for (int j = 0; j < 16; ++j) _mm512_storeu_ps(o + j * W, r[j]);
          } else {
            for (int j = 0; j < qn; ++j) _mm512_mask_storeu_ps(o + j * W, store_mask, r[j]);
          }
        }
      }
    }
  }
}

}  // namespace

void pack_a_bf16_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_bf16_t<kBf16Mr>(x, r0, rows, c0, depth, static_cast<uint32_t*>(dst));
}
void pack_b_bf16_avx512(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  pack_bf16_t<kBf16Nr>(x, r0, rows, c0, depth, static_cast<uint32_t*>(dst));
}

}  // namespace gemm_detail
}  // namespace kerats
#endif
