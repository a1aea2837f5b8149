/** Categorical cross-entropy: one-hot (or soft) labels against class probabilities or logits. */
import { formatShape, ValueError } from "../../errors.js";
import { log } from "../../logging.js";
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";
import { clipProbabilities, sameShape, toFloat32 } from "./losses-utils.js";
import { libraryCode, libraryFunction } from "../../tensor/ownership.js";
import { booleanOption, checkOptions, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Options of the categorical and binary cross-entropies. */
export interface CrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels move towards uniform by this much. Default 0. */
  labelSmoothing?: number;
}

/**
 * Per-example cross-entropy over the last axis, float32. `yTrue` and `yPred` have the
 * same shape. Probabilities follow Keras's backend: each row is divided by its sum,
 * clipped to [1e-7, 1 - 1e-7], and `-sum(yTrue * log(p))` is taken; logits use
 * log-softmax. Label smoothing replaces `y` by `y * (1 - s) + s / classes`.
 *
 * ```ts
 * keras.losses.categoricalCrossentropy([[0, 1, 0]], [[0.05, 0.95, 0]]).dataSync(); // Float32Array [0.0513]
 * ```
 */
export const categoricalCrossentropy = libraryFunction(function categoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options: CrossentropyOptions = {},
): Tensor {
  const owner = "categoricalCrossentropy";
  const o = checkOptions(options, ["fromLogits", "labelSmoothing"], owner);
  const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
  const smoothing = Math.fround(numberOption(o.labelSmoothing, 0, "labelSmoothing", { min: 0, max: 1 }, owner));
  const p = toFloat32(yPred, "yPred", owner);
  let t = toFloat32(yTrue, "yTrue", owner);
  if (!sameShape(t.shape, p.shape)) {
    throw new ValueError(
      `Shapes ${formatShape(t.shape)} and ${formatShape(p.shape)} are incompatible: ${owner} needs yTrue and yPred of the same shape (one-hot labels; use sparseCategoricalCrossentropy for integer labels)`,
    );
  }
  if (p.rank === 0) throw new ValueError(`${owner} needs yPred with a class axis (rank >= 1), but got a scalar`);
  const classes = p.shape[p.rank - 1]!;
  if (classes === 1) {
    log(
      "warn",
      "In loss categorical_crossentropy, expected yPred.shape to be (batchSize, numClasses) with numClasses > 1. Received: a last axis of 1; consider binaryCrossentropy.",
      "cce-one-class",
    );
  }
  if (smoothing !== 0) {
    // Keras computes these constants in the prediction dtype (float32 here).
    t = ops.add(ops.mul(t, Math.fround(1 - smoothing)), Math.fround(smoothing / classes));
  }
  if (fromLogits) return ops.neg(ops.sum(ops.mul(t, ops.logSoftmax(p)), -1));
  const normalized = ops.div(p, ops.sum(p, -1, true));
  return ops.neg(ops.sum(ops.mul(t, ops.log(clipProbabilities(normalized))), -1));
});

/** Options of `CategoricalCrossentropy`. */
export interface CategoricalCrossentropyOptions extends LossOptions, CrossentropyOptions {}

/**
 * Cross-entropy for one-hot labels, as `keras.losses.CategoricalCrossentropy`.
 *
 * ```ts
 * const cce = new keras.losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
 * cce.apply([[1, 0, 0]], [[100, -100, -100]]).dataSync(); // Float32Array [13.333]
 * ```
 */
export class CategoricalCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: CategoricalCrossentropyOptions = {}) {
    const owner = "CategoricalCrossentropy";
    const o = checkOptions(options, ["fromLogits", "labelSmoothing", "reduction", "name"], owner);
    const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
    const labelSmoothing = numberOption(o.labelSmoothing, 0, "labelSmoothing", { min: 0, max: 1 }, owner);
    super(
      libraryCode((t, p) => categoricalCrossentropy(t, p, { fromLogits, labelSmoothing })),
      {
        reduction: o.reduction,
        name: o.name ?? "categorical_crossentropy",
      },
    );
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  override getConfig() {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

registerBuiltIn("loss", "CategoricalCrossentropy", CategoricalCrossentropy);
