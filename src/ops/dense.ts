/** The fused dense op: `activation(x·kernel + bias)` as one primitive (one GEMM pass with its epilogue). */
import { DENSE_ACTIVATIONS, type DenseActivation } from "../backend/primitives.js";
import { isFloating, promoteTypes } from "../dtype/index.js";
import { describeValue, formatShape, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { cast } from "./cast.js";
import { toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";
import { op } from "./op.js";

/**
 * `activation(x·kernel + bias)` for x [m, k], kernel [k, n], bias [n] or null, as one
 * primitive (TF.js's `tf.fused.matMul`): float32/16-bit data accumulate, add the bias and
 * activate in float32 and round once. Inputs promote to one float dtype.
 * Example: `tf.fusedDense(x, w, b, "relu")`.
 */
export const fusedDense = op(function fusedDense(
  x: TensorLike,
  kernel: TensorLike,
  bias: TensorLike | null = null,
  activation: DenseActivation = "linear",
): Tensor {
  let tx = toTensor(x, "x", "fusedDense");
  let tw = toTensor(kernel, "kernel", "fusedDense");
  let tb = bias === null ? null : toTensor(bias, "bias", "fusedDense");
  if (!DENSE_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`Argument 'activation' passed to 'fusedDense' must be one of ${DENSE_ACTIVATIONS.join(", ")}, but got: ${describeValue(activation)}`);
  }
  if (tx.rank !== 2 || tw.rank !== 2 || tx.shape[1] !== tw.shape[0]) {
    throw new ValueError(`'fusedDense' needs x [m, k] and kernel [k, n], but got shapes ${formatShape(tx.shape)} and ${formatShape(tw.shape)}`);
  }
  const n = tw.shape[1]!;
  if (tb !== null && (tb.rank !== 1 || tb.shape[0] !== n)) {
    throw new ValueError(`Argument 'bias' passed to 'fusedDense' must have shape [${n}], but got ${formatShape(tb.shape)}`);
  }
  const dtype = promoteTypes(promoteTypes(tx.dtype, tw.dtype), tb?.dtype ?? tx.dtype);
  if (!isFloating(dtype)) throw new TypeError(`'fusedDense' needs float tensors, but got ${[tx, tw, ...(tb ? [tb] : [])].map((t) => t.dtype).join(", ")}`);
  tx = cast(tx, dtype);
  tw = cast(tw, dtype);
  tb = tb === null ? null : cast(tb, dtype);
  return runKernel("dense", tb === null ? [tx, tw] : [tx, tw, tb], { activation, bias: tb !== null }, [tx.shape[0]!, n], dtype);
});
