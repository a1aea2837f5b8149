/**
 * The reference cast. Floats to 16-bit round to nearest even; float -> integer
 * truncates toward zero, saturates at the integer range and maps NaN to 0 (defined
 * behaviour where C leaves it undefined); integer -> integer wraps like C; anything ->
 * bool is `x != 0`.
 */
import {
  bfloat16ArrayToFloat32,
  float16ArrayToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
  isFloating,
  toIntSaturated,
} from "../../dtype/index.js";
import type { Kernel, TensorView } from "../backend.js";

/** Values of a view as plain numbers (16-bit floats decoded). */
function values(x: TensorView): ArrayLike<number> {
  if (x.dtype === "float16") return float16ArrayToFloat32(x.data as Uint16Array);
  if (x.dtype === "bfloat16") return bfloat16ArrayToFloat32(x.data as Uint16Array);
  return x.data;
}

export const castKernel: Kernel<"cast"> = (out, [x]) => {
  const src = x!;
  const dst = out.data;
  const n = dst.length;
  if (src.dtype === out.dtype) {
    dst.set(src.data as never);
    return;
  }
  switch (out.dtype) {
    case "float16":
    case "bfloat16": {
      const toHalf = out.dtype === "float16" ? float32ArrayToFloat16 : float32ArrayToBfloat16;
      if (src.dtype === "float32" || src.dtype === "float16" || src.dtype === "bfloat16") {
        const f32 = src.dtype === "float32" ? (src.data as Float32Array) : (values(src) as Float32Array);
        toHalf(f32, dst as Uint16Array);
      } else {
        // float64 and integers round from their exact value (see the scalar converters).
        const one = out.dtype === "float16" ? float32ToFloat16Bits : float32ToBfloat16Bits;
        const v = src.data;
        for (let i = 0; i < n; i++) dst[i] = one(v[i]!);
      }
      return;
    }
    case "float32":
    case "float64":
      (dst as Float32Array | Float64Array).set(values(src));
      return;
    case "bool": {
      const v = values(src);
      for (let i = 0; i < n; i++) dst[i] = v[i] !== 0 ? 1 : 0;
      return;
    }
    case "int32":
    case "uint8": {
      const v = values(src);
      if (!isFloating(src.dtype)) {
        for (let i = 0; i < n; i++) dst[i] = v[i]!; // the typed array store wraps
        return;
      }
      const dtype = out.dtype;
      for (let i = 0; i < n; i++) dst[i] = toIntSaturated(v[i]!, dtype);
      return;
    }
  }
};
