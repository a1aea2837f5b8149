/** Mean absolute error over the last axis. */
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";
import { assertBroadcastable, meanLastAxis, toFloat32 } from "./losses-utils.js";
import { libraryFunction } from "../../tensor/ownership.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/**
 * Per-example `mean(|yPred - yTrue|, -1)`, float32.
 * Example: `keras.losses.meanAbsoluteError([[1, 9, 2]], [[4, 8, 12]]).dataSync()` is `Float32Array [4.667]`.
 */
export const meanAbsoluteError = libraryFunction(function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const owner = "meanAbsoluteError";
  const p = toFloat32(yPred, "yPred", owner);
  const t = toFloat32(yTrue, "yTrue", owner);
  assertBroadcastable(t, p, "yTrue", "yPred", owner);
  return meanLastAxis(ops.abs(ops.sub(p, t)), owner);
});

/** Keras's short name for `meanAbsoluteError`. */
export const mae = meanAbsoluteError;

/**
 * `keras.losses.MeanAbsoluteError`.
 *
 * ```ts
 * new keras.losses.MeanAbsoluteError().apply([[1, 9, 2], [-5, -2, 6]], [[4, 8, 12], [8, 1, 3]]).dataSync(); // [5.5]
 * ```
 */
export class MeanAbsoluteError extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    const o = checkOptions(options, ["reduction", "name"], "MeanAbsoluteError");
    super(meanAbsoluteError, { reduction: o.reduction, name: o.name ?? "mean_absolute_error" });
  }
}

registerBuiltIn("loss", "MeanAbsoluteError", MeanAbsoluteError);
