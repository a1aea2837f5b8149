/**
 * Reference softmax and log-softmax along one axis, computed in float32 for
 * float32/16-bit data (max subtracted first, so exp never overflows) and rounded once.
 */
import type { Kernel } from "../backend.js";
import { splitAround } from "../shape.js";
import { commitF32, computeKind, f32Target, readF32, readF64 } from "./float-io.js";
import { expF32, logF32 } from "./float32-math.js";

type Arr = { [i: number]: number };

function softmaxInto(
  src: ArrayLike<number>,
  dst: Arr,
  outer: number,
  n: number,
  inner: number,
  log: boolean,
  round: (x: number) => number,
  exp: (x: number) => number,
  ln: (x: number) => number,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = src[base + k * inner]!;
        if (v > max || v !== v) max = v;
        if (max !== max) break;
      }
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const e = exp(round(src[base + k * inner]! - max));
        if (!log) dst[base + k * inner] = e;
        sum = round(sum + e);
      }
      if (log) {
        const lse = ln(sum);
        for (let k = 0; k < n; k++) dst[base + k * inner] = round(round(src[base + k * inner]! - max) - lse);
      } else {
        for (let k = 0; k < n; k++) dst[base + k * inner] = round(dst[base + k * inner]! / sum);
      }
    }
  }
}

const identity = (x: number): number => x;

function mapSoftmax(log: boolean): Kernel<"softmax" | "logSoftmax"> {
  return (out, [x], { axis }) => {
    const [outer, n, inner] = splitAround(x!.shape, axis, axis);
    if (computeKind(out.dtype) === "f32") {
      const dst = f32Target(out);
      softmaxInto(readF32(x!), dst, outer, n, inner, log, Math.fround, expF32, logF32);
      commitF32(out, dst);
    } else {
      softmaxInto(readF64(x!), out.data, outer, n, inner, log, identity, Math.exp, Math.log);
    }
  };
}

export const softmaxKernel = mapSoftmax(false) as Kernel<"softmax">;
export const logSoftmaxKernel = mapSoftmax(true) as Kernel<"logSoftmax">;

/** Per-row logsumexp(x) - x[label], in float32 steps (float64 for float64 logits). */
export const sparseSoftmaxCrossEntropyKernel: Kernel<"sparseSoftmaxCrossEntropy"> = (out, [logits, labels]) => {
  const [n, c] = [logits!.shape[0]!, logits!.shape[1]!];
  const f32 = computeKind(logits!.dtype) === "f32";
  const x = f32 ? readF32(logits!) : readF64(logits!);
  const round = f32 ? Math.fround : identity;
  const [exp, ln] = f32 ? [expF32, logF32] : [Math.exp, Math.log];
  const y = labels!.data;
  for (let i = 0; i < n; i++) {
    const base = i * c;
    let max = -Infinity;
    for (let k = 0; k < c; k++) {
      const v = x[base + k]!;
      if (v > max || v !== v) max = v;
      if (max !== max) break;
    }
    let sum = 0;
    for (let k = 0; k < c; k++) sum = round(sum + exp(round(x[base + k]! - max)));
    out.data[i] = round(round(ln(sum) + max) - x[base + y[i]!]!);
  }
};
