#include "cpu-features.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <cstdint>
#endif

namespace kerats {

namespace {

#if defined(__x86_64__)
// XCR0 via xgetbv, written as inline asm so the file needs no -mxsave flag.
uint64_t read_xcr0() {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t(hi) << 32) | lo;
}

bool bit(uint32_t reg, int n) { return (reg >> n) & 1u; }

CpuFeatures detect() {
  CpuFeatures f{};
  unsigned a, b, c, d;
  if (!__get_cpuid_count(1, 0, &a, &b, &c, &d)) return f;
  const bool osxsave = bit(c, 27);
  const bool has_fma = bit(c, 12), has_f16c = bit(c, 29), has_avx = bit(c, 28);
  if (!osxsave || !has_avx) return f;  // no AVX state at all: nothing below is usable

  const uint64_t xcr0 = read_xcr0();
  const bool os_avx = (xcr0 & 0x6) == 0x6;             // SSE (bit 1) + AVX (bit 2) state
  const bool os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;  // opmask, ZMM_Hi256, Hi16_ZMM (bits 5-7)
  const bool os_amx = (xcr0 & 0x60000) == 0x60000;      // XTILECFG (17) + XTILEDATA (18)
  if (!os_avx) return f;

  f.fma = has_fma;
  f.f16c = has_f16c;

  unsigned max_leaf = __get_cpuid_max(0, nullptr);
  if (max_leaf < 7) return f;
  __get_cpuid_count(7, 0, &a, &b, &c, &d);
  const unsigned b7 = b, d7 = d, max_sub7 = a;
  f.avx2 = bit(b7, 5);
  if (os_avx512) {
    f.avx512f = bit(b7, 16);
    f.avx512bw = f.avx512f && bit(b7, 30);
    f.avx512vl = f.avx512f && bit(b7, 31);
    f.avx512fp16 = f.avx512f && bit(d7, 23);
    if (max_sub7 >= 1) {
      __get_cpuid_count(7, 1, &a, &b, &c, &d);
      f.avx512bf16 = f.avx512f && bit(a, 5);
    }
  }
  if (os_amx) {
    f.amxBf16 = bit(d7, 22);
    f.amxTile = bit(d7, 24);
    f.amxBf16 = f.amxBf16 && f.amxTile;
    if (max_sub7 >= 1) {
      __get_cpuid_count(7, 1, &a, &b, &c, &d);
      f.amxFp16 = f.amxTile && bit(a, 21);
    }
  }
  return f;
}
#else
CpuFeatures detect() { return CpuFeatures{}; }
#endif

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

}  // namespace kerats
