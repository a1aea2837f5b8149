/** CPU facts and thread settings behind `tf.config.cpuFeatures()` and `tf.config.threading`. */
import { readFileSync } from "node:fs";
import { describeValue, ValueError } from "../errors.js";
import { nativeAddon } from "./registry.js";

/** The instruction-set features kerats's kernels care about. */
export interface CpuFeatures {
  avx2: boolean;
  fma: boolean;
  f16c: boolean;
  avx512f: boolean;
  avx512bw: boolean;
  avx512vl: boolean;
  avx512bf16: boolean;
  avx512fp16: boolean;
  amxTile: boolean;
  amxBf16: boolean;
  amxFp16: boolean;
}

// /proc/cpuinfo names of each feature, for when the addon (which asks cpuid) is absent.
const cpuinfoNames: { readonly [K in keyof CpuFeatures]: string } = {
  avx2: "avx2",
  fma: "fma",
  f16c: "f16c",
  avx512f: "avx512f",
  avx512bw: "avx512bw",
  avx512vl: "avx512vl",
  avx512bf16: "avx512_bf16",
  avx512fp16: "avx512_fp16",
  amxTile: "amx_tile",
  amxBf16: "amx_bf16",
  amxFp16: "amx_fp16",
};

function fromCpuinfo(): CpuFeatures {
  let flags = new Set<string>();
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("flags"));
    flags = new Set((line ?? "").split(":")[1]?.trim().split(/\s+/) ?? []);
  } catch {
    // Not Linux: nothing is known, so nothing is claimed.
  }
  return Object.fromEntries(Object.entries(cpuinfoNames).map(([k, name]) => [k, flags.has(name)])) as unknown as CpuFeatures;
}

/**
 * CPU features from cpuid (through the native addon, which also checks that the OS
 * enables the register state), else from /proc/cpuinfo; all false off x86.
 * Example: `tf.config.cpuFeatures().avx512bf16`.
 */
export function cpuFeatures(): CpuFeatures {
  return nativeAddon ? (nativeAddon.cpuFeatures() as unknown as CpuFeatures) : fromCpuinfo();
}

/**
 * The most threads the pool may be given: each is an OS thread with its own stack, and
 * far past the core count they only add contention, so a larger number is a mistake
 * (2 ** 40 would otherwise be truncated by the addon's int and silently ignored).
 */
export const MAX_THREADS = 1024;

/**
 * Sets the native thread pool's size (0 restores the default: the number of cores,
 * or KERATS_NUM_THREADS). Example: `tf.config.threading.setIntraOpParallelismThreads(1)`.
 */
export function setIntraOpParallelismThreads(n: number): void {
  if (!Number.isInteger(n))
    throw new TypeError(`Argument 'n' of setIntraOpParallelismThreads must be an integer in [0, ${MAX_THREADS}], but got: ${describeValue(n)}`);
  if (n < 0 || n > MAX_THREADS)
    throw new ValueError(`Argument 'n' of setIntraOpParallelismThreads must be an integer in [0, ${MAX_THREADS}], but got: ${describeValue(n)}`);
  nativeAddon?.setNumThreads(n);
}

/** The native thread pool's size (1 when only the single-threaded reference backend exists). */
export function getIntraOpParallelismThreads(): number {
  return nativeAddon ? nativeAddon.numThreads() : 1;
}
