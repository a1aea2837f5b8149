/** Huber loss: quadratic for small errors, linear for large ones. */
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";
import { assertBroadcastable, meanLastAxis, toFloat32 } from "./losses-utils.js";
import { libraryCode, libraryFunction } from "../../tensor/ownership.js";
import { checkOptions, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Options of the Huber loss. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (>= 0). Default 1. */
  delta?: number;
}

/**
 * Per-example Huber loss, the mean over the last axis of `0.5·e²` where `|e| <= delta`
 * and `delta·|e| - 0.5·delta²` elsewhere (`e = yPred - yTrue`), float32.
 * Example: `keras.losses.huber([[0, 0]], [[0.5, 3]]).dataSync()` is `Float32Array [1.3125]`.
 */
export const huber = libraryFunction(function huber(yTrue: TensorLike, yPred: TensorLike, options: HuberOptions = {}): Tensor {
  const owner = "huber";
  const o = checkOptions(options, ["delta"], owner);
  const delta = Math.fround(numberOption(o.delta, 1, "delta", { min: 0 }, owner));
  const p = toFloat32(yPred, "yPred", owner);
  const t = toFloat32(yTrue, "yTrue", owner);
  assertBroadcastable(t, p, "yTrue", "yPred", owner);
  const error = ops.sub(p, t);
  const absError = ops.abs(error);
  const quadratic = ops.mul(0.5, ops.square(error));
  // Keras computes 0.5·delta² in float32: square, then halve.
  const linear = ops.sub(ops.mul(delta, absError), Math.fround(0.5 * Math.fround(delta * delta)));
  return meanLastAxis(ops.where(ops.lessEqual(absError, delta), quadratic, linear), owner);
});

/** Options of `Huber`. */
export interface HuberLossOptions extends LossOptions, HuberOptions {}

/**
 * `keras.losses.Huber`.
 *
 * ```ts
 * new keras.losses.Huber({ delta: 0.8 }).apply(yTrue, yPred, 2.3);
 * ```
 */
export class Huber extends LossFunctionWrapper {
  readonly delta: number;

  constructor(options: HuberLossOptions = {}) {
    const owner = "Huber";
    const o = checkOptions(options, ["delta", "reduction", "name"], owner);
    const delta = numberOption(o.delta, 1, "delta", { min: 0 }, owner);
    super(
      libraryCode((t, p) => huber(t, p, { delta })),
      { reduction: o.reduction, name: o.name ?? "huber_loss" },
    );
    this.delta = delta;
  }

  override getConfig() {
    return { ...super.getConfig(), delta: this.delta };
  }
}

registerBuiltIn("loss", "Huber", Huber);
