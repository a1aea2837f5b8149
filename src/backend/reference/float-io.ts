/**
 * Reading and writing storage as float compute values. 16-bit floats compute in
 * float32 (the numerics contract), so the reference kernels decode them to a
 * Float32Array, compute with `Math.fround` after every operation, and round the
 * result back once.
 */
import { bfloat16ArrayToFloat32, float16ArrayToFloat32, float32ArrayToBfloat16, float32ArrayToFloat16, type DType } from "../../dtype/index.js";
import type { TensorView } from "../backend.js";

/** How a dtype computes: rounded to float32 after each step, in float64, or as integers. */
export type ComputeKind = "f32" | "f64" | "int";

export function computeKind(dtype: DType): ComputeKind {
  switch (dtype) {
    case "float32":
    case "float16":
    case "bfloat16":
      return "f32";
    case "float64":
      return "f64";
    default:
      return "int";
  }
}

/** The values of a float32-computing view as float32 (no copy for float32 data). */
export function readF32(view: TensorView): Float32Array {
  switch (view.dtype) {
    case "float32":
      return view.data as Float32Array;
    case "float16":
      return float16ArrayToFloat32(view.data as Uint16Array);
    case "bfloat16":
      return bfloat16ArrayToFloat32(view.data as Uint16Array);
    default:
      return Float32Array.from(view.data as ArrayLike<number>);
  }
}

/** Any view's values as float64 (a copy unless the view is float64). */
export function readF64(view: TensorView): Float64Array {
  if (view.dtype === "float64") return view.data as Float64Array;
  if (view.dtype === "float16" || view.dtype === "bfloat16") return Float64Array.from(readF32(view));
  return Float64Array.from(view.data as ArrayLike<number>);
}

/** Where a float32-computing kernel writes: the output itself when it is float32. */
export function f32Target(out: TensorView): Float32Array {
  return out.dtype === "float32" ? (out.data as Float32Array) : new Float32Array(out.data.length);
}

/** Stores float32 results into `out`, rounding to its dtype (no-op when they are already there). */
export function commitF32(out: TensorView, values: Float32Array): void {
  switch (out.dtype) {
    case "float32":
      if (values !== out.data) (out.data as Float32Array).set(values);
      return;
    case "float16":
      float32ArrayToFloat16(values, out.data as Uint16Array);
      return;
    case "bfloat16":
      float32ArrayToBfloat16(values, out.data as Uint16Array);
      return;
    default:
      (out.data as Float64Array | Int32Array | Uint8Array).set(values);
  }
}
