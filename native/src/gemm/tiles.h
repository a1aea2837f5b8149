// Register tile and cache block sizes of the AVX-512 kernels (chosen by
// measurement on Zen 5, see native/bench/gemm-bench.cc).
#pragma once

#include <cstdint>

namespace kerats {
namespace gemm_detail {

// float32 FMA kernel: mr x nr accumulators = 14 x 2 zmm = 28 of 32 registers,
// leaving 2 for B and 1 for the broadcast A value (embedded broadcast).
constexpr int kF32Mr = 14, kF32Nr = 32;
// kc x nr B micro-panel (32 KiB) stays in L1 while A micro-panels stream from L2.
constexpr int64_t kF32Kc = 256, kF32Mc = 14 * 24, kF32Nc = 4096;

// bf16 vdpbf16ps kernel: same register shape; each 32-bit lane holds a pair of
// consecutive-k bf16 values, so kc (in k elements) doubles for the same bytes.
constexpr int kBf16Mr = 14, kBf16Nr = 32;
constexpr int64_t kBf16Kc = 512, kBf16Mc = 14 * 24, kBf16Nc = 4096;

// float32 AVX2 FMA kernel (x86-64 without AVX-512, e.g. Zen 3): mr x nr accumulators =
// 6 x 2 ymm = 12 of 16 registers, leaving 2 for B and 1 for the broadcast A value.
constexpr int kAvx2Mr = 6, kAvx2Nr = 16;
// kc x nr B micro-panel (16 KiB) in a 32 KiB L1; the mc x kc A block (240 KiB) in L2.
constexpr int64_t kAvx2Kc = 256, kAvx2Mc = 6 * 40, kAvx2Nc = 4096;

// Up to this many columns of C, a kernel that can read float32 A in place does so
// instead of packing it (measured on Zen 3 with native/bench; see use_direct_a).
constexpr int64_t kDirectAMaxN = 128;
// Up to this many rows of C the small-M path runs (gemm_small_m: serving and small
// batches, where B, the weights, is the one big operand): tasks own groups of kSmallMGroup
// nr-wide panels and pack them per kc slice into their own buffer (kc x 128 float32 =
// 128 KiB on AVX2: in L2; the panel the row tiles share stays in L1).
constexpr int64_t kSmallMMaxM = 32, kSmallMGroup = 8;

// Up to this many bytes of packed op(B), a product with one column block packs all of B
// at once and runs the kc slices inside each task (L2-sized: 2 MiB is model B's
// 8192 x 64 float32 dY; shared, so it sits in L3 and each task reads its slices from there).
constexpr int64_t kWholeBMaxBytes = int64_t(4) << 20;

}  // namespace gemm_detail
}  // namespace kerats
