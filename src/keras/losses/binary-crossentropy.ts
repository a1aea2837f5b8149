/** Binary cross-entropy: 0/1 labels against probabilities or logits, averaged over the last axis. */
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { CrossentropyOptions } from "./categorical-crossentropy.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";
import { assertBroadcastable, clipProbabilities, EPSILON, meanLastAxis, toFloat32 } from "./losses-utils.js";
import { libraryCode, libraryFunction } from "../../tensor/ownership.js";
import { booleanOption, checkOptions, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/**
 * Per-example binary cross-entropy, the mean over the last axis, float32. Probabilities
 * follow Keras's backend exactly: clip to [1e-7, 1 - 1e-7], then
 * `-(y·log(p + 1e-7) + (1 - y)·log(1 - p + 1e-7))`; logits use the stable
 * `max(x, 0) - x·y + log1p(exp(-|x|))`. Label smoothing: `y·(1 - s) + s / 2`.
 *
 * ```ts
 * keras.losses.binaryCrossentropy([[0, 1]], [[0.4, 0.6]]).dataSync(); // Float32Array [0.5108]
 * ```
 */
export const binaryCrossentropy = libraryFunction(function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: CrossentropyOptions = {}): Tensor {
  const owner = "binaryCrossentropy";
  const o = checkOptions(options, ["fromLogits", "labelSmoothing"], owner);
  const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
  const smoothing = Math.fround(numberOption(o.labelSmoothing, 0, "labelSmoothing", { min: 0, max: 1 }, owner));
  const p = toFloat32(yPred, "yPred", owner);
  let t = toFloat32(yTrue, "yTrue", owner);
  assertBroadcastable(t, p, "yTrue", "yPred", owner);
  if (smoothing !== 0) t = ops.add(ops.mul(t, Math.fround(1 - smoothing)), Math.fround(0.5 * smoothing));
  let losses: Tensor;
  if (fromLogits) {
    losses = ops.add(ops.sub(ops.relu(p), ops.mul(p, t)), ops.log1p(ops.exp(ops.neg(ops.abs(p)))));
  } else {
    const c = clipProbabilities(p);
    const positive = ops.mul(t, ops.log(ops.add(c, EPSILON)));
    const negative = ops.mul(ops.sub(1, t), ops.log(ops.add(ops.sub(1, c), EPSILON)));
    losses = ops.neg(ops.add(positive, negative));
  }
  return meanLastAxis(losses, owner);
});

/** Options of `BinaryCrossentropy`. */
export interface BinaryCrossentropyOptions extends LossOptions, CrossentropyOptions {}

/**
 * Cross-entropy for binary (or multi-label) targets, as `keras.losses.BinaryCrossentropy`.
 *
 * ```ts
 * const bce = new keras.losses.BinaryCrossentropy({ fromLogits: true });
 * bce.apply([[1, 0, 1], [0, 1, 1]], [[100, -100, 100], [100, 100, -100]]).dataSync(); // Float32Array [33.333]
 * ```
 */
export class BinaryCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: BinaryCrossentropyOptions = {}) {
    const owner = "BinaryCrossentropy";
    const o = checkOptions(options, ["fromLogits", "labelSmoothing", "reduction", "name"], owner);
    const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
    const labelSmoothing = numberOption(o.labelSmoothing, 0, "labelSmoothing", { min: 0, max: 1 }, owner);
    super(
      libraryCode((t, p) => binaryCrossentropy(t, p, { fromLogits, labelSmoothing })),
      {
        reduction: o.reduction,
        name: o.name ?? "binary_crossentropy",
      },
    );
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  override getConfig() {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

registerBuiltIn("loss", "BinaryCrossentropy", BinaryCrossentropy);
