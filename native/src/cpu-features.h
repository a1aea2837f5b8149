// Run-time CPU feature detection (x86-64 cpuid + xgetbv).
//
// A feature is reported only when the CPU implements it *and* the OS saves and
// restores the register state it needs (XCR0), because using e.g. zmm
// registers on an OS that does not enable them faults. On non-x86-64 builds
// every flag is false and callers fall back to portable code.
#pragma once

namespace kerats {

struct CpuFeatures {
  bool avx2, fma, f16c;
  bool avx512f, avx512bw, avx512vl;
  bool avx512bf16, avx512fp16;
  bool amxTile, amxBf16, amxFp16;
};

// Detected once (thread-safe static initialisation), then cached.
const CpuFeatures& cpu_features();

}  // namespace kerats
