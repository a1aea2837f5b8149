/**
 * Reference kernels for elementwise primitives. float32, float16 and bfloat16 compute
 * in float32 (`Math.fround` after every operation, transcendental functions from
 * float32-math.ts so a SIMD kernel can reproduce them bit for bit); float64 computes
 * in float64; integer dtypes compute exactly and wrap on store like C.
 */
import type { Kernel, TensorView } from "../backend.js";
import type { BinaryPrim, ComparePrim, PredicatePrim, UnaryPrim } from "../primitives.js";
import { broadcastStrides, forEachRow, sizeOf } from "../shape.js";
import { commitF32, computeKind, f32Target, readF32 } from "./float-io.js";
import { erfF32, expF32, expm1F32, geluF32, log1pF32, logF32, sigmoidF32, softplusF32, tanhF32 } from "./float32-math.js";
import { erfF64, geluF64, sigmoidF64, softplusF64 } from "./float64-math.js";

const f = Math.fround;
type Fn1 = (x: number) => number;
type Fn2 = (a: number, b: number) => number;

/** A unary function in float32 steps, in float64, and on integers (where defined). */
export interface UnaryFns {
  f32: Fn1;
  f64: Fn1;
  int?: Fn1;
}

const relu: Fn1 = (x) => (x > 0 ? x : x !== x ? x : 0);

/** Each unary function in float32 steps, in float64 and on integers; the fused dense kernel applies them too. */
export const unaryFns: { readonly [P in UnaryPrim]: UnaryFns } = {
  neg: { f32: (x) => -x, f64: (x) => -x, int: (x) => -x },
  abs: { f32: Math.abs, f64: Math.abs, int: Math.abs },
  sign: { f32: Math.sign, f64: Math.sign, int: Math.sign },
  square: { f32: (x) => f(x * x), f64: (x) => x * x, int: (x) => Math.imul(x, x) },
  sqrt: { f32: (x) => f(Math.sqrt(x)), f64: Math.sqrt },
  rsqrt: { f32: (x) => f(1 / f(Math.sqrt(x))), f64: (x) => 1 / Math.sqrt(x) },
  reciprocal: { f32: (x) => f(1 / x), f64: (x) => 1 / x },
  exp: { f32: expF32, f64: Math.exp },
  expm1: { f32: expm1F32, f64: Math.expm1 },
  log: { f32: logF32, f64: Math.log },
  log1p: { f32: log1pF32, f64: Math.log1p },
  relu: { f32: relu, f64: relu, int: (x) => Math.max(x, 0) },
  sigmoid: { f32: sigmoidF32, f64: sigmoidF64 },
  tanh: { f32: tanhF32, f64: Math.tanh },
  softplus: { f32: softplusF32, f64: softplusF64 },
  erf: { f32: erfF32, f64: erfF64 },
  gelu: { f32: geluF32, f64: geluF64 },
};

function mapUnary(fns: UnaryFns, prim: string): Kernel<UnaryPrim> {
  return (out, [x]) => {
    const n = out.data.length;
    const kind = computeKind(x!.dtype);
    if (kind === "f32") {
      const src = readF32(x!);
      const dst = f32Target(out);
      const fn = fns.f32;
      for (let i = 0; i < n; i++) dst[i] = fn(src[i]!);
      commitF32(out, dst);
      return;
    }
    const fn = kind === "f64" ? fns.f64 : fns.int;
    if (!fn) throw new TypeError(`${prim} has no integer kernel for dtype ${x!.dtype}`);
    const src = x!.data;
    const dst = out.data;
    for (let i = 0; i < n; i++) dst[i] = fn(src[i]!);
  };
}

/** Kernels for the unary primitives. */
export const unaryKernels = Object.fromEntries(Object.entries(unaryFns).map(([prim, fns]) => [prim, mapUnary(fns, prim)])) as {
  readonly [P in UnaryPrim]: Kernel<P>;
};

const predicateFns: { readonly [P in PredicatePrim]: Fn1 } = {
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
  isNaN: (x) => (x !== x ? 1 : 0),
};

function mapPredicate(fn: Fn1): Kernel<PredicatePrim> {
  return (out, [x]) => {
    const src = computeKind(x!.dtype) === "f32" ? readF32(x!) : x!.data;
    const dst = out.data;
    for (let i = 0; i < dst.length; i++) dst[i] = fn(src[i]!);
  };
}

export const predicateKernels = {
  isFinite: mapPredicate(predicateFns.isFinite),
  isNaN: mapPredicate(predicateFns.isNaN),
} as { readonly [P in PredicatePrim]: Kernel<P> };

interface BinaryFns {
  f32: Fn2;
  f64: Fn2;
  int: Fn2;
}

// maximum/minimum propagate NaN like np.maximum: the NaN operand itself (the first if both
// are), so its sign survives; Math.max would return V8's own NaN, whose sign is the
// platform's. -0 and +0 follow Math.max/min.
const nanFirst =
  (pick: Fn2): Fn2 =>
  (a, b) =>
    a !== a ? a : b !== b ? b : pick(a, b);
const binaryFns: { readonly [P in BinaryPrim]: BinaryFns } = {
  add: { f32: (a, b) => f(a + b), f64: (a, b) => a + b, int: (a, b) => a + b },
  sub: { f32: (a, b) => f(a - b), f64: (a, b) => a - b, int: (a, b) => a - b },
  mul: { f32: (a, b) => f(a * b), f64: (a, b) => a * b, int: Math.imul },
  div: { f32: (a, b) => f(a / b), f64: (a, b) => a / b, int: (a, b) => Math.trunc(a / b) },
  pow: { f32: (a, b) => f(Math.pow(a, b)), f64: Math.pow, int: Math.pow },
  maximum: { f32: nanFirst(Math.max), f64: nanFirst(Math.max), int: Math.max },
  minimum: { f32: nanFirst(Math.min), f64: nanFirst(Math.min), int: Math.min },
  // (dy, y): the unfused float32 formulas, each step rounded to float32 (so float32 data
  // gets the bits of where(y > 0, dy, 0), dy·(y·(1 - y)) and dy·(1 - y·y)); 16-bit data is
  // rounded once at the end.
  reluGrad: { f32: (dy, y) => (y > 0 ? dy : 0), f64: (dy, y) => (y > 0 ? dy : 0), int: (dy, y) => (y > 0 ? dy : 0) },
  sigmoidGrad: { f32: (dy, y) => f(dy * f(y * f(1 - y))), f64: (dy, y) => dy * (y * (1 - y)), int: (dy, y) => Math.imul(dy, Math.imul(y, 1 - y)) },
  tanhGrad: { f32: (dy, y) => f(dy * f(1 - f(y * y))), f64: (dy, y) => dy * (1 - y * y), int: (dy, y) => Math.imul(dy, 1 - Math.imul(y, y)) },
};

const compareFns: { readonly [P in ComparePrim]: Fn2 } = {
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
};

/** Applies `fn` over broadcast inputs `a` and `b` into `dst` (same length as the output). */
function broadcast2(
  out: TensorView,
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
  dst: { [i: number]: number },
  fn: Fn2,
): void {
  const n = sizeOf(out.shape);
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) dst[i] = fn(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const bv = b[0]!;
    for (let i = 0; i < n; i++) dst[i] = fn(a[i]!, bv);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const av = a[0]!;
    for (let i = 0; i < n; i++) dst[i] = fn(av, b[i]!);
    return;
  }
  const sa = broadcastStrides(aShape, out.shape);
  const sb = broadcastStrides(bShape, out.shape);
  const last = out.shape.length - 1;
  const ia = last >= 0 ? sa[last]! : 0;
  const ib = last >= 0 ? sb[last]! : 0;
  forEachRow(out.shape, [sa, sb], (o, [ao, bo], len) => {
    for (let i = 0; i < len; i++) dst[o + i] = fn(a[ao! + i * ia]!, b[bo! + i * ib]!);
  });
}

function mapBinary(fns: BinaryFns): Kernel<BinaryPrim> {
  return (out, [a, b]) => {
    const kind = computeKind(a!.dtype);
    if (kind === "f32") {
      const dst = f32Target(out);
      broadcast2(out, readF32(a!), a!.shape, readF32(b!), b!.shape, dst, fns.f32);
      commitF32(out, dst);
    } else {
      broadcast2(out, a!.data, a!.shape, b!.data, b!.shape, out.data, kind === "f64" ? fns.f64 : fns.int);
    }
  };
}

function mapCompare(fn: Fn2): Kernel<ComparePrim> {
  return (out, [a, b]) => {
    const f32 = computeKind(a!.dtype) === "f32";
    const av = f32 ? readF32(a!) : a!.data;
    const bv = f32 ? readF32(b!) : b!.data;
    broadcast2(out, av, a!.shape, bv, b!.shape, out.data, fn);
  };
}

export const binaryKernels = Object.fromEntries(Object.entries(binaryFns).map(([prim, fns]) => [prim, mapBinary(fns)])) as {
  readonly [P in BinaryPrim]: Kernel<P>;
};

export const compareKernels = Object.fromEntries(Object.entries(compareFns).map(([prim, fn]) => [prim, mapCompare(fn)])) as {
  readonly [P in ComparePrim]: Kernel<P>;
};

/** where(cond, a, b): picks raw elements, so it needs no decoding. */
export const whereKernel: Kernel<"where"> = (out, [cond, a, b]) => {
  const sc = broadcastStrides(cond!.shape, out.shape);
  const sa = broadcastStrides(a!.shape, out.shape);
  const sb = broadcastStrides(b!.shape, out.shape);
  const last = out.shape.length - 1;
  const ic = last >= 0 ? sc[last]! : 0;
  const ia = last >= 0 ? sa[last]! : 0;
  const ib = last >= 0 ? sb[last]! : 0;
  const c = cond!.data;
  const av = a!.data;
  const bv = b!.data;
  const dst = out.data;
  forEachRow(out.shape, [sc, sa, sb], (o, [co, ao, bo], len) => {
    for (let i = 0; i < len; i++) dst[o + i] = c[co! + i * ic] ? av[ao! + i * ia]! : bv[bo! + i * ib]!;
  });
};
