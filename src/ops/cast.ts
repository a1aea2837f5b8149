/** `cast`: converts a tensor to another dtype (see the reference cast kernel for the rules). */
import { op } from "./op.js";
import { parseDType, type DType } from "../dtype/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";

/**
 * `x` converted to `dtype`, rounding to nearest even for 16-bit floats. Returns `x`
 * itself when it already has that dtype. Example: `tf.cast(tf.scalar(65520), "float16")` is inf.
 */
export const cast = op(function cast(x: TensorLike, dtype: DType): Tensor {
  const t = toTensor(x, "x", "cast");
  const dt = parseDType(dtype);
  if (t.dtype === dt) return t;
  return runKernel("cast", [t], { dtype: dt }, t.shape, dt);
});
