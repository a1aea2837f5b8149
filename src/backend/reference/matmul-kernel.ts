/**
 * Reference matmul: batched, with optional transposes and broadcast batch dims.
 * float32/16-bit inputs accumulate in float32 (rounded after each multiply and each
 * add, in order of increasing k) and round once to the output dtype.
 */
import type { Kernel } from "../backend.js";
import { broadcastStrides, forEachRow, sizeOf } from "../shape.js";
import { commitF32, computeKind, f32Target, readF32 } from "./float-io.js";

type Arr = { [i: number]: number; length: number };

interface Gemm {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  c: Arr;
  m: number;
  k: number;
  n: number;
  ta: boolean;
  tb: boolean;
}

// Separate loops per compute kind keep the inner loops monomorphic for the JIT.
function gemmF32(g: Gemm, ao: number, bo: number, co: number): void {
  const { a, b, c, m, k, n, ta, tb } = g;
  const f = Math.fround;
  const ars = ta ? 1 : k; // step between rows of op(A)
  const acs = ta ? m : 1; // step along k in op(A)
  if (!tb) {
    for (let i = 0; i < m; i++) {
      const ci = co + i * n;
      for (let j = 0; j < n; j++) c[ci + j] = 0;
      for (let p = 0; p < k; p++) {
        const av = a[ao + i * ars + p * acs]!;
        const bp = bo + p * n;
        for (let j = 0; j < n; j++) c[ci + j] = f(c[ci + j]! + f(av * b[bp + j]!));
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      const bj = bo + j * k;
      for (let p = 0; p < k; p++) acc = f(acc + f(a[ao + i * ars + p * acs]! * b[bj + p]!));
      c[co + i * n + j] = acc;
    }
  }
}

/** float64 (exact products, float64 sums) or int32 (wrapping) accumulation, in order of increasing k. */
function gemmWith(step: (acc: number, a: number, b: number) => number) {
  return (g: Gemm, ao: number, bo: number, co: number): void => {
    const { a, b, c, m, k, n, ta, tb } = g;
    const ars = ta ? 1 : k;
    const acs = ta ? m : 1;
    const bks = tb ? 1 : n;
    const bjs = tb ? k : 1;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc = step(acc, a[ao + i * ars + p * acs]!, b[bo + p * bks + j * bjs]!);
        c[co + i * n + j] = acc;
      }
    }
  };
}

const gemmF64 = gemmWith((acc, a, b) => acc + a * b);
const gemmInt = gemmWith((acc, a, b) => (acc + Math.imul(a, b)) | 0);

export const matmulKernel: Kernel<"matmul"> = (out, [a, b], { transposeA, transposeB }) => {
  const ra = a!.shape.length;
  const rb = b!.shape.length;
  const m = out.shape[out.shape.length - 2]!;
  const n = out.shape[out.shape.length - 1]!;
  const k = transposeA ? a!.shape[ra - 2]! : a!.shape[ra - 1]!;
  const kind = computeKind(a!.dtype);
  const c: Arr = kind === "f32" ? f32Target(out) : out.data;
  const g: Gemm = {
    a: kind === "f32" ? readF32(a!) : a!.data,
    b: kind === "f32" ? readF32(b!) : b!.data,
    c,
    m,
    k,
    n,
    ta: transposeA,
    tb: transposeB,
  };
  const gemm = kind === "f32" ? gemmF32 : kind === "f64" ? gemmF64 : gemmInt;
  const batchShape = out.shape.slice(0, -2);
  const matA = a!.shape[ra - 2]! * a!.shape[ra - 1]!;
  const matB = b!.shape[rb - 2]! * b!.shape[rb - 1]!;
  // Batch strides in units of whole matrices; broadcast batch dims repeat with stride 0.
  const sa = broadcastStrides(a!.shape.slice(0, -2), batchShape);
  const sb = broadcastStrides(b!.shape.slice(0, -2), batchShape);
  if (sizeOf(batchShape) === 0) return;
  // forEachRow walks all but the last batch dim; treat a trailing unit dim as the row.
  const shape = [...batchShape, 1];
  forEachRow(
    shape,
    [
      [...sa, 0],
      [...sb, 0],
    ],
    (o, [ab, bb]) => {
      gemm(g, ab! * matA, bb! * matB, o * m * n);
    },
  );
  if (kind === "f32") commitF32(out, c as Float32Array);
};
