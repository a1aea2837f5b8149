/**
 * Reference reductions. Sums, means and products of 16-bit and float32 data accumulate
 * in float32 (rounded after every addition) and round once at the end; float64
 * accumulates in float64; integers wrap like C.
 */
import type { Kernel, TensorView } from "../backend.js";
import type { ReducePrim } from "../primitives.js";
import { splitAround } from "../shape.js";
import { commitF32, computeKind, f32Target, readF32 } from "./float-io.js";
import { transposeData } from "./layout-kernels.js";

/** [outer, reduced, inner] layout of `x` for `axes`, transposing when the axes are not adjacent. */
export function reductionLayout(x: TensorView, axes: readonly number[]): { data: TensorView["data"]; outer: number; r: number; inner: number } {
  if (axes.length === 0) return { data: x.data, outer: x.data.length, r: 1, inner: 1 };
  const lo = axes[0]!;
  const hi = axes[axes.length - 1]!;
  if (hi - lo + 1 === axes.length) {
    const [outer, r, inner] = splitAround(x.shape, lo, hi);
    return { data: x.data, outer, r, inner };
  }
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const data = transposeData(x, perm);
  const [outer, r] = splitAround(
    perm.map((p) => x.shape[p]!),
    kept.length,
    perm.length - 1,
  );
  return { data, outer, r, inner: 1 };
}

type Step = (acc: number, v: number) => number;

interface ReduceFns {
  init: number;
  f32: Step;
  f64: Step;
  int: Step;
  /** Final transform of the accumulator given the reduced count (mean divides). */
  finish?: (acc: number, r: number, kind: "f32" | "f64") => number;
}

// max/min propagate NaN like np.max: once NaN, stays NaN.
const maxStep: Step = (acc, v) => (v > acc || v !== v ? v : acc);
const minStep: Step = (acc, v) => (v < acc || v !== v ? v : acc);
const nanSticky =
  (step: Step): Step =>
  (acc, v) =>
    acc !== acc ? acc : step(acc, v);

const reduceFns: { readonly [P in ReducePrim]: ReduceFns } = {
  sum: { init: 0, f32: (a, v) => Math.fround(a + v), f64: (a, v) => a + v, int: (a, v) => (a + v) | 0 },
  mean: {
    init: 0,
    f32: (a, v) => Math.fround(a + v),
    f64: (a, v) => a + v,
    int: (a, v) => a + v,
    finish: (acc, r, kind) => (kind === "f32" ? Math.fround(acc / Math.fround(r)) : acc / r),
  },
  prod: { init: 1, f32: (a, v) => Math.fround(a * v), f64: (a, v) => a * v, int: Math.imul },
  max: { init: -Infinity, f32: nanSticky(maxStep), f64: nanSticky(maxStep), int: maxStep },
  min: { init: Infinity, f32: nanSticky(minStep), f64: nanSticky(minStep), int: minStep },
};

function reduceInto(
  src: ArrayLike<number>,
  outer: number,
  r: number,
  inner: number,
  acc: { [i: number]: number; fill(v: number): unknown },
  init: number,
  step: Step,
): void {
  acc.fill(init);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let a = init;
      const base = o * r;
      for (let k = 0; k < r; k++) a = step(a, src[base + k]!);
      acc[o] = a;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let k = 0; k < r; k++) {
      const base = (o * r + k) * inner;
      for (let i = 0; i < inner; i++) acc[ob + i] = step(acc[ob + i]!, src[base + i]!);
    }
  }
}

function mapReduce(fns: ReduceFns): Kernel<ReducePrim> {
  return (out, [x], { axes }) => {
    const kind = computeKind(x!.dtype);
    const layout = reductionLayout(x!, axes);
    const { outer, r, inner } = layout;
    const view = { ...x!, data: layout.data };
    if (kind === "f32") {
      const dst = f32Target(out);
      reduceInto(readF32(view), outer, r, inner, dst, fns.init, fns.f32);
      if (fns.finish) for (let i = 0; i < dst.length; i++) dst[i] = fns.finish(dst[i]!, r, "f32");
      commitF32(out, dst);
      return;
    }
    if (kind === "f64" || fns.finish) {
      // Integer means are computed in float64 and written to a float output.
      const acc = new Float64Array(out.data.length);
      reduceInto(view.data, outer, r, inner, acc, fns.init, kind === "f64" ? fns.f64 : fns.int);
      for (let i = 0; i < acc.length; i++) out.data[i] = fns.finish ? fns.finish(acc[i]!, r, "f64") : acc[i]!;
      return;
    }
    reduceInto(view.data, outer, r, inner, out.data, fns.init, fns.int);
  };
}

export const reduceKernels = Object.fromEntries(Object.entries(reduceFns).map(([prim, fns]) => [prim, mapReduce(fns)])) as {
  readonly [P in ReducePrim]: Kernel<P>;
};

function mapArg(better: (v: number, best: number) => boolean): Kernel<"argmax" | "argmin"> {
  return (out, [x], { axis }) => {
    const [outer, n, inner] = splitAround(x!.shape, axis, axis);
    const src = computeKind(x!.dtype) === "f32" ? readF32(x!) : x!.data;
    const dst = out.data;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let best = src[base]!;
        let bestK = 0;
        // The first NaN wins, as in np.argmax.
        for (let k = 1; k < n && best === best; k++) {
          const v = src[base + k * inner]!;
          if (v !== v || better(v, best)) {
            best = v;
            bestK = k;
          }
        }
        dst[o * inner + i] = bestK;
      }
    }
  };
}

export const argmaxKernel = mapArg((v, best) => v > best) as Kernel<"argmax">;
export const argminKernel = mapArg((v, best) => v < best) as Kernel<"argmin">;

export const allFiniteKernel: Kernel<"allFinite"> = (out, [x]) => {
  const src = computeKind(x!.dtype) === "f32" ? readF32(x!) : x!.data;
  let ok = 1;
  if (computeKind(x!.dtype) !== "int") {
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      if (v - v !== 0) {
        ok = 0;
        break;
      }
    }
  }
  out.data[0] = ok;
};
