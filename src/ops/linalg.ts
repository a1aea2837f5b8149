/** Matrix multiplication. */
import { op } from "./op.js";
import { isFloating, promoteTypes } from "../dtype/index.js";
import { formatShape, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { broadcastShapes } from "./broadcast.js";
import { cast } from "./cast.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";

/**
 * `op(a) @ op(b)` over the last two axes, with NumPy-broadcast batch axes; op
 * transposes when asked. 16-bit inputs accumulate in float32 and round once.
 * Example: `tf.matmul(tf.ones([1, 4096], "float16"), tf.ones([4096, 1], "float16"))` is `[[4096]]`.
 */
export const matmul = op(function matmul(a: TensorLike, b: TensorLike, transposeA: boolean = false, transposeB: boolean = false): Tensor {
  let ta = toTensor(a, "a", "matmul");
  let tb = toTensor(b, "b", "matmul");
  if (ta.rank < 2 || tb.rank < 2) {
    throw new ValueError(`'matmul' needs tensors of rank >= 2, but got shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)}`);
  }
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  if (!isFloating(dtype) && dtype !== "int32") {
    throw new TypeError(`'matmul' needs float or int32 tensors, but got ${ta.dtype} and ${tb.dtype}`);
  }
  const [m, ka] = transposeA ? [ta.shape[ta.rank - 1]!, ta.shape[ta.rank - 2]!] : [ta.shape[ta.rank - 2]!, ta.shape[ta.rank - 1]!];
  const [kb, n] = transposeB ? [tb.shape[tb.rank - 1]!, tb.shape[tb.rank - 2]!] : [tb.shape[tb.rank - 2]!, tb.shape[tb.rank - 1]!];
  if (ka !== kb) {
    throw new ValueError(
      `Error in matMul: inner shapes (${ka}) and (${kb}) of Tensors with shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const batch = broadcastShapes(ta.shape.slice(0, -2), tb.shape.slice(0, -2), "matmul");
  ta = cast(ta, dtype);
  tb = cast(tb, dtype);
  return runKernel("matmul", [ta, tb], { transposeA, transposeB }, [...batch, m, n], dtype);
});
