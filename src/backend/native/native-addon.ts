/**
 * Loading the C++ addon (`native/`, built by node-gyp at `npm install`) and its typed
 * interface. Loading never throws: a missing or broken build yields the reason, and
 * the package runs on the reference backend.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DType } from "../../dtype/index.js";
import type { UnaryPrim } from "../primitives.js";

type Typed = Float32Array | Uint16Array | Float64Array | Int32Array | Uint8Array;

/** The functions the addon exports (see native/src/addon/addon.cc). */
export interface NativeAddon {
  cpuFeatures(): Record<string, boolean>;
  /** Bytes from the start of `buffer` to its first address that is a multiple of `alignment`. */
  alignOffset(buffer: ArrayBuffer, alignment: number): number;
  numThreads(): number;
  setNumThreads(n: number): void;
  cast(srcDtype: number, x: Typed, dstDtype: number, out: Typed): boolean;
  unary(op: number, dtype: number, x: Typed, out: Typed): boolean;
  binary(op: number, dtype: number, a: Typed, b: Typed, out: Typed, shape: number[], aStrides: number[], bStrides: number[]): boolean;
  compare(op: number, dtype: number, a: Typed, b: Typed, out: Typed, shape: number[], aStrides: number[], bStrides: number[]): boolean;
  reduce(op: number, dtype: number, x: Typed, outer: number, r: number, inner: number, out: Typed): boolean;
  where(
    elemSize: number,
    cond: Uint8Array,
    a: Typed,
    b: Typed,
    out: Typed,
    shape: number[],
    condStrides: number[],
    aStrides: number[],
    bStrides: number[],
  ): boolean;
  allFinite(dtype: number, x: Typed): number;
  /** Softmax (or log-softmax) along the middle axis of an [outer, n, inner] layout. */
  softmax(dtype: number, x: Typed, outer: number, n: number, inner: number, out: Typed, log: boolean): boolean;
  /** Per-row logsumexp(logits) - logits[label] of [rows, classes] logits, float32 out. */
  sparseSoftmaxCrossEntropy(dtype: number, logits: Typed, labels: Int32Array, rows: number, classes: number, out: Float32Array): boolean;
  gemm(
    aDtype: number,
    a: Typed,
    bDtype: number,
    b: Typed,
    cDtype: number,
    c: Typed,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
    lda: number,
    ldb: number,
    ldc: number,
    bias: Float32Array | null,
    relu: boolean,
    /** -1, or the UNARY_CODE of sigmoid, tanh or gelu: applied in float32 after bias and relu. */
    activation: number,
  ): void;
  gemmKernelName(aDtype: number, bDtype: number): string;
  measurePeak(dtype: number, threads: number): number;
  updateSgd(
    gradDtype: number,
    grad: Typed,
    scale: number,
    variable: Float32Array,
    m: Float32Array | null,
    lr: number,
    momentum: number,
    nesterov: boolean,
  ): boolean;
  updateRmsprop(
    gradDtype: number,
    grad: Typed,
    scale: number,
    variable: Float32Array,
    v: Float32Array,
    mom: Float32Array | null,
    avg: Float32Array | null,
    lr: number,
    rho: number,
    oneMinusRho: number,
    momentum: number,
    epsilon: number,
  ): boolean;
  updateAdam(
    gradDtype: number,
    grad: Typed,
    scale: number,
    variable: Float32Array,
    m: Float32Array,
    v: Float32Array,
    alpha: number,
    oneMinusBeta1: number,
    oneMinusBeta2: number,
    epsilon: number,
    decay: number,
  ): boolean;
}

/** dtype codes: the values of the enum DT in native/src/dtype-code.h. */
export const DTYPE_CODE: { readonly [D in DType]: number } = {
  float32: 0,
  float16: 1,
  bfloat16: 2,
  float64: 3,
  int32: 4,
  uint8: 5,
  bool: 6,
};

/**
 * The unary primitives with a native kernel and their codes: the values of the enum
 * UnaryOp in native/src/kernels/elementwise-ops.h. Explicit, so that the order of
 * UNARY_PRIMS means nothing to the addon; a unary primitive left out runs on the
 * reference kernel.
 */
export const UNARY_CODE: { readonly [P in UnaryPrim]?: number } = {
  neg: 0,
  abs: 1,
  sign: 2,
  square: 3,
  sqrt: 4,
  rsqrt: 5,
  reciprocal: 6,
  exp: 7,
  expm1: 8,
  log: 9,
  log1p: 10,
  relu: 11,
  sigmoid: 12,
  tanh: 13,
  softplus: 14,
  erf: 15,
  gelu: 16,
};

/** The package root: this file is at src/backend/native/ or dist/backend/native/. */
function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
}

/** Where `npm install` builds the addon. */
export const ADDON_PATH = join(packageRoot(), "build", "Release", "kerats_native.node");

/** The addon at `path`, or why it could not be loaded. Example: `loadAddon()`. */
export function loadAddon(path = ADDON_PATH): { addon: NativeAddon } | { error: string } {
  if (!existsSync(path)) return { error: `${path} was not built` };
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (e) {
    return { error: `loading ${path} failed: ${(e as Error).message}` };
  }
}
