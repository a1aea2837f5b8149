/** Sparse categorical cross-entropy: integer labels against class probabilities or logits. */
import { formatShape, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { LossFunctionWrapper, type LossOptions } from "./loss.js";
import { asTensor, clipProbabilities, toFloat32 } from "./losses-utils.js";
import { libraryCode, libraryFunction } from "../../tensor/ownership.js";
import { booleanOption, checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Options of the sparse categorical cross-entropy. */
export interface CrossentropyLogitsOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
}

/**
 * Per-example cross-entropy between integer labels and predictions over the last axis
 * (float32 whatever the prediction dtype). Labels have the predictions' shape without
 * the class axis, or with a class axis of 1. Probabilities follow Keras: clipped to
 * [1e-7, 1 - 1e-7], turned back into logits by `log` and fed to the fused op, so
 * unnormalized probabilities are normalized. Out-of-range labels throw Keras's error.
 *
 * ```ts
 * keras.losses.sparseCategoricalCrossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).dataSync();
 * // Float32Array [0.0513, 2.3026]
 * ```
 */
export const sparseCategoricalCrossentropy = libraryFunction(function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options: CrossentropyLogitsOptions = {},
): Tensor {
  const owner = "sparseCategoricalCrossentropy";
  const o = checkOptions(options, ["fromLogits"], owner);
  const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
  const p = toFloat32(yPred, "yPred", owner);
  let t = asTensor(yTrue, "yTrue", owner);
  if (p.rank === 0) throw new ValueError(`${owner} needs yPred with a class axis (rank >= 1), but got a scalar`);
  // Keras casts labels to int64; float labels such as 1.0 truncate the same way.
  if (t.dtype !== "int32" && t.dtype !== "uint8") t = ops.cast(t, "int32");
  const logits = fromLogits ? p : ops.log(clipProbabilities(p));
  const classes = p.shape[p.rank - 1]!;
  const batchShape = p.shape.slice(0, -1);
  if (t.rank === p.rank - 1) {
    if (t.shape.every((d, i) => d === batchShape[i])) return ops.sparseSoftmaxCrossEntropy(t, logits);
  } else if (t.size === p.size / classes || (classes === 0 && t.size === 0)) {
    // Keras flattens labels of another rank (typically [N, 1]) against logits [-1, classes].
    const res = ops.sparseSoftmaxCrossEntropy(ops.reshape(t, [t.size]), ops.reshape(logits, [t.size, classes]));
    return p.rank >= 3 ? ops.reshape(res, batchShape) : res;
  }
  throw new ValueError(
    `logits and labels must have the same first dimension, got logits shape ${formatShape(p.shape)} and labels shape ${formatShape(t.shape)}: ${owner} needs yTrue of shape yPred.shape[:-1] (${formatShape(batchShape)}), optionally with a trailing axis of 1`,
  );
});

/** Options of `SparseCategoricalCrossentropy`. */
export interface SparseCategoricalCrossentropyOptions extends LossOptions, CrossentropyLogitsOptions {}

/**
 * Cross-entropy for integer labels, as `keras.losses.SparseCategoricalCrossentropy`.
 *
 * ```ts
 * const scce = new keras.losses.SparseCategoricalCrossentropy();
 * scce.apply([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]).dataSync(); // Float32Array [1.1769392]
 * new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply(labels, logits);
 * ```
 */
export class SparseCategoricalCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;

  constructor(options: SparseCategoricalCrossentropyOptions = {}) {
    const owner = "SparseCategoricalCrossentropy";
    const o = checkOptions(options, ["fromLogits", "reduction", "name"], owner);
    const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
    super(
      libraryCode((t, p) => sparseCategoricalCrossentropy(t, p, { fromLogits })),
      {
        reduction: o.reduction,
        name: o.name ?? "sparse_categorical_crossentropy",
      },
    );
    this.fromLogits = fromLogits;
  }

  override getConfig() {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

registerBuiltIn("loss", "SparseCategoricalCrossentropy", SparseCategoricalCrossentropy);
