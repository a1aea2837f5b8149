// float32 AVX2 FMA microkernel, for x86-64 CPUs without AVX-512 (Zen 1-3, Intel before
// Ice Lake): a 6 x 16 tile of C in 12 ymm accumulators. Per k step it loads the two B
// vectors and, for each of the 6 rows, broadcasts one A value: 12 independent FMAs,
// more than the 4-5 cycle FMA latency times the two FMA pipes. Packing converts f16/bf16
// to float32 8 lanes at a time (F16C), bit-identical to the portable packer.
#include "gemm-internal.h"

#if defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include "../cpu-features.h"
#include "../half.h"
#include "tiles.h"

namespace kerats {
namespace gemm_detail {

namespace {

// Where the kernel reads A: from a packed micro-panel (a[p*MR + r]), or, without packing,
// straight from a float32 op(A) stored k-major (a[p*lda + r], transposed A) or row-major
// (a[r*lda + p]).
enum class ASource { Packed, KMajor, RowMajor };

// B always from a packed micro-panel (reading it in place from a row-major B with a
// power-of-two row length puts a panel's rows in one cache set: see gemm_small_m).
template <ASource S>
KERATS_TARGET_AVX2 inline void kernel_avx2_t(int64_t depth, const float* a, int64_t lda, const float* b, float* c, int64_t ldc,
                                             bool accumulate) {
  constexpr int64_t b_step = kAvx2Nr;
  constexpr int MR = kAvx2Mr, NV = kAvx2Nr / 8;
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
  __m256 acc[MR][NV];
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_setzero_ps();

#pragma GCC unroll 4
  for (int64_t p = 0; p < depth; ++p) {
    __m256 bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) bv[v] = _mm256_loadu_ps(b + 8 * v);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * b_step), _MM_HINT_T0);
    if constexpr (S == ASource::KMajor) _mm_prefetch(reinterpret_cast<const char*>(a + 8 * lda), _MM_HINT_T0);
#pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const float* ar = S == ASource::Packed ? a + r : S == ASource::KMajor ? a + r : a + r * lda + p;
      const __m256 av = _mm256_broadcast_ss(ar);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
    }
    if constexpr (S == ASource::Packed) a += MR;
    if constexpr (S == ASource::KMajor) a += lda;
    b += b_step;
  }

#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    float* cr = c + r * ldc;
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      __m256 x = acc[r][v];
      if (accumulate) x = _mm256_add_ps(x, _mm256_loadu_ps(cr + 8 * v));
      _mm256_storeu_ps(cr + 8 * v, x);
    }
  }
}

KERATS_TARGET_AVX2 void kernel_avx2(int64_t depth, const void* ap, const void* bp, float* c, int64_t ldc, bool accumulate) {
  kernel_avx2_t<ASource::Packed>(depth, static_cast<const float*>(ap), 0, static_cast<const float*>(bp), c, ldc, accumulate);
}

// Unpacked float32 A (see DirectKernelFn): for products whose A block is used by too
// few columns of B to pay for packing it (model B's N = 64 and N = 10 layers).
KERATS_TARGET_AVX2 void kernel_avx2_direct(int64_t depth, const float* a, int64_t lda, bool k_major, const void* bp, float* c,
                                           int64_t ldc, bool accumulate) {
  const float* b = static_cast<const float*>(bp);
  if (k_major) kernel_avx2_t<ASource::KMajor>(depth, a, lda, b, c, ldc, accumulate);
  else kernel_avx2_t<ASource::RowMajor>(depth, a, lda, b, c, ldc, accumulate);
}

// Converts n elements of type T at src to float32 at dst, 8 at a time (exact: F16C's
// vcvtph2ps for float16, a 16-bit shift for bfloat16), the tail one by one.
template <DT T>
KERATS_TARGET_AVX2 inline void to_f32(const char* src, int64_t n, float* dst) {
  int64_t i = 0;
  if constexpr (T == DT::F32) {
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, _mm256_loadu_ps(reinterpret_cast<const float*>(src) + i));
    for (; i < n; ++i) dst[i] = reinterpret_cast<const float*>(src)[i];
  } else {
    const uint16_t* h = reinterpret_cast<const uint16_t*>(src);
    for (; i + 8 <= n; i += 8) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i));
      if constexpr (T == DT::F16) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(v));
      else _mm256_storeu_ps(dst + i, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(v), 16)));
    }
    for (; i < n; ++i) dst[i] = T == DT::F16 ? f16_bits_to_float(h[i]) : bf16_bits_to_float(h[i]);
  }
}

// Stored rows ahead that the transposed packer prefetches (each row is a separate stream
// the hardware prefetcher does not follow from one row to the next).
constexpr int64_t kPackAhead = 8;

// The portable packer's layout (gemm-internal.h), with vector conversion: where the panel
// width is contiguous each k step converts a row of the panel in place; where k is
// contiguous each source row is converted once into a scratch row and interleaved.
template <DT T, int W>
KERATS_TARGET_AVX2 void pack_avx2_t(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, float* dst) {
  constexpr int64_t es = T == DT::F32 ? 4 : 2;
  const char* base = static_cast<const char*>(x.p);
  if (x.trans) {
    // Element (row rr, k cc) at cc*ld + rr: one stored row per k step, read across all
    // the panels (contiguous, so the prefetcher and several lines in flight serve it,
    // where a panel at a time would read one line per stored row). A 6-wide panel
    // converts 8 values a step when they lie inside the stored row (two past the panel,
    // overwritten by the panel's next step; the last step goes through a buffer so
    // nothing is written past the panel).
    const int64_t span = rows * es;
    for (int64_t p = 0; p < depth; ++p) {
      const char* src = base + ((c0 + p) * x.ld + r0) * es;
      if (p + kPackAhead < depth)
        for (int64_t o = 0; o < span; o += 64) _mm_prefetch(src + kPackAhead * x.ld * es + o, _MM_HINT_T0);
      for (int64_t r = 0; r < rows; r += W) {
        const int valid = rows - r < W ? int(rows - r) : W;
        float* o = dst + r * depth + p * W;
        if (W < 8 && valid == W && r0 + r + 8 <= x.ld) {
          alignas(32) float v[8];
          to_f32<T>(src + r * es, 8, p + 1 < depth ? o : v);
          if (p + 1 == depth)
            for (int w = 0; w < W; ++w) o[w] = v[w];
          continue;
        }
        to_f32<T>(src + r * es, valid, o);
        for (int w = valid; w < W; ++w) o[w] = 0.0f;
      }
    }
    return;
  }
  alignas(32) float row[W * 64];
  for (int64_t r = 0; r < rows; r += W) {
    float* d = dst + r * depth;
    const int valid = rows - r < W ? int(rows - r) : W;
    // Element (row rr, k cc) at rr*ld + cc: convert 64 k at a time for the W rows, then interleave.
    for (int64_t p0 = 0; p0 < depth; p0 += 64) {
      const int dn = depth - p0 < 64 ? int(depth - p0) : 64;
      for (int w = 0; w < W; ++w) {
        if (w < valid) to_f32<T>(base + ((r0 + r + w) * x.ld + c0 + p0) * es, dn, row + w * 64);
        else for (int p = 0; p < dn; ++p) row[w * 64 + p] = 0.0f;
      }
      for (int p = 0; p < dn; ++p)
#pragma GCC unroll 16
        for (int w = 0; w < W; ++w) d[(p0 + p) * W + w] = row[w * 64 + p];
    }
  }
}

template <int W>
void pack_avx2(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) {
  float* d = static_cast<float*>(dst);
  switch (x.type) {
    case DT::F32: pack_avx2_t<DT::F32, W>(x, r0, rows, c0, depth, d); break;
    case DT::F16: pack_avx2_t<DT::F16, W>(x, r0, rows, c0, depth, d); break;
    case DT::BF16: pack_avx2_t<DT::BF16, W>(x, r0, rows, c0, depth, d); break;
    default: break;  // not a GEMM type: gemm.h admits F32, F16 and BF16 only
  }
}

void pack_a(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) { pack_avx2<kAvx2Mr>(x, r0, rows, c0, depth, dst); }
void pack_b(const Operand& x, int64_t r0, int64_t rows, int64_t c0, int64_t depth, void* dst) { pack_avx2<kAvx2Nr>(x, r0, rows, c0, depth, dst); }

const Impl kImpl = {"avx2-f32", kAvx2Mr, kAvx2Nr, 1, 4, kAvx2Kc, kAvx2Mc, kAvx2Nc, pack_a, pack_b, kernel_avx2, kernel_avx2_direct};

}  // namespace

const Impl* impl_f32_avx2() {
  const CpuFeatures& f = cpu_features();
  return f.avx2 && f.fma && f.f16c ? &kImpl : nullptr;
}

}  // namespace gemm_detail
}  // namespace kerats
#else
namespace kerats {
namespace gemm_detail {
const Impl* impl_f32_avx2() { return nullptr; }
}  // namespace gemm_detail
}  // namespace kerats
#endif
