// Register-only throughput loops that measure the machine's arithmetic peak,
// used to report GEMM efficiency (bench) and by the addon for diagnostics.
#pragma once

#include "gemm.h"

namespace kerats {

// GFLOP/s of `threads` threads (pool threads, 1..num_threads()) running
// independent FMA (F32: AVX-512, else AVX2) or vdpbf16ps (BF16) chains on registers
// only; F16 is measured as F32 (no fp16 arithmetic is used). Takes about 0.2 s.
// Returns 0 when the ISA is unavailable.
double measure_peak_gflops(DT type, int threads);

}  // namespace kerats
