/**
 * Reference fused dense: activation(x·kernel + bias) in one pass. The product is the
 * reference matmul's (float32 accumulation in order of increasing k for float32/16-bit
 * data, float64 for float64); the bias is added and the activation applied in the same
 * arithmetic, and the result is rounded once to the dtype. It equals the unfused
 * matmul, add and activation up to their intermediate roundings to a 16-bit dtype.
 */
import type { Kernel, TensorView } from "../backend.js";
import { commitF32, computeKind, f32Target, readF32, readF64 } from "./float-io.js";
import { matmulKernel } from "./matmul-kernel.js";
import { unaryFns } from "./elementwise-kernels.js";

const identity = (x: number): number => x;

export const denseKernel: Kernel<"dense"> = (out, [x, kernel, bias], { activation, bias: hasBias }) => {
  const [m, n] = [out.shape[0]!, out.shape[1]!];
  const f64 = computeKind(out.dtype) === "f64";
  // The product in float32 (float64): into the output itself when it has that dtype, else a
  // float32 buffer that is rounded to the 16-bit dtype at the end.
  const z = f64 ? (out.data as Float64Array) : f32Target(out);
  const acc: TensorView = { dtype: f64 ? "float64" : "float32", shape: [m, n], data: z };
  matmulKernel(acc, [x!, kernel!], { transposeA: false, transposeB: false });
  const b = hasBias ? (f64 ? readF64(bias!) : readF32(bias!)) : null;
  const fns = activation === "linear" ? null : unaryFns[activation];
  const act = fns === null ? identity : f64 ? fns.f64 : fns.f32;
  const round = f64 ? identity : Math.fround;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) z[row + j] = act(b === null ? z[row + j]! : round(z[row + j]! + b[j]!));
  }
  if (!f64) commitF32(out, z as Float32Array);
};
