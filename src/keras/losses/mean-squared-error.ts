/** Mean squared error over the last axis. */
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";
import { assertBroadcastable, meanLastAxis, toFloat32 } from "./losses-utils.js";
import { libraryFunction } from "../../tensor/ownership.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/**
 * Per-example `mean((yPred - yTrue)², -1)`, float32.
 * Example: `keras.losses.meanSquaredError([[1, 9, 2]], [[4, 8, 12]]).dataSync()` is `Float32Array [36.667]`.
 */
export const meanSquaredError = libraryFunction(function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const owner = "meanSquaredError";
  const p = toFloat32(yPred, "yPred", owner);
  const t = toFloat32(yTrue, "yTrue", owner);
  assertBroadcastable(t, p, "yTrue", "yPred", owner);
  return meanLastAxis(ops.square(ops.sub(p, t)), owner);
});

/** Keras's short name for `meanSquaredError`. */
export const mse = meanSquaredError;

/**
 * `keras.losses.MeanSquaredError`.
 *
 * ```ts
 * new keras.losses.MeanSquaredError().apply([[1, 9, 2], [-5, -2, 6]], [[4, 8, 12], [8, 1, 3]]).dataSync(); // [49.5]
 * ```
 */
export class MeanSquaredError extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    const o = checkOptions(options, ["reduction", "name"], "MeanSquaredError");
    super(meanSquaredError, { reduction: o.reduction, name: o.name ?? "mean_squared_error" });
  }
}

registerBuiltIn("loss", "MeanSquaredError", MeanSquaredError);
