/**
 * Dtype promotion, used when an op combines inputs of different dtypes.
 *
 * Rules (the PyTorch/JAX lattice, since TensorFlow itself refuses mixed dtypes):
 * - Same dtype: unchanged.
 * - bool < uint8 < int32: the larger wins.
 * - integer/bool with a floating dtype: the floating dtype wins (int32 + float16 -> float16).
 * - float16 with bfloat16: float32 (neither holds the other's values).
 * - otherwise the wider float wins: float16/bfloat16 < float32 < float64.
 *
 * A plain JS number is a "weak" scalar: it adopts the tensor's dtype when the tensor
 * is floating, or when both are integers; an integer tensor with a fractional number
 * becomes float32, and bool with a number becomes int32 or float32. This is what makes
 * `x16.mul(2)` stay float16 and `xInt.div(255)` become float32.
 */
import { isFloating, type DType } from "./dtypes.js";

const intRank: Partial<Record<DType, number>> = { bool: 0, uint8: 1, int32: 2 };
const floatRank: Partial<Record<DType, number>> = { float16: 1, bfloat16: 1, float32: 2, float64: 3 };

/** The dtype two tensor dtypes promote to. Example: `promoteTypes("float16", "bfloat16") === "float32"`. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const af = isFloating(a);
  const bf = isFloating(b);
  if (af && !bf) return a;
  if (bf && !af) return b;
  if (!af && !bf) return (intRank[a] ?? 0) >= (intRank[b] ?? 0) ? a : b;
  const ra = floatRank[a] ?? 0;
  const rb = floatRank[b] ?? 0;
  if (ra === rb) return "float32"; // float16 with bfloat16
  return ra > rb ? a : b;
}

/** The dtype of a tensor combined with a weak JS number. Example: `promoteWithScalar("int32", 0.5) === "float32"`. */
export function promoteWithScalar(dtype: DType, value: number): DType {
  if (isFloating(dtype)) return dtype;
  if (Number.isInteger(value)) return dtype === "bool" ? "int32" : dtype;
  return "float32";
}
