/** `Precision` and `Recall` at one or more thresholds. */
import type { Variable } from "../../autodiff/variable.js";
import type { TensorLike } from "../../ops/creation.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { isEvenlyDistributed, parseThresholds, updateConfusionMatrix, type ConfusionVariables } from "./confusion-matrix.js";
import { Metric } from "./metric.js";
import { divNoNan } from "./metrics-utils.js";
import { libraryMethods } from "../../tensor/ownership.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Options of `Precision` and `Recall`. */
export interface PrecisionRecallOptions {
  /** A threshold or several in [0, 1]; a prediction above it is positive. Default 0.5. */
  thresholds?: number | number[];
  name?: string;
}

/** Shared by Precision and Recall: the thresholds and one confusion update. */
abstract class ThresholdMetric extends Metric {
  readonly thresholds: readonly number[];
  private readonly evenlyDistributed: boolean;
  protected abstract readonly state: ConfusionVariables;

  constructor(options: PrecisionRecallOptions, owner: string, defaultName: string) {
    const o = checkOptions(options, ["thresholds", "name"], owner);
    super(o.name ?? defaultName);
    this.thresholds = Object.freeze(parseThresholds(o.thresholds, 0.5, owner));
    this.evenlyDistributed = isEvenlyDistributed(this.thresholds);
  }

  /** Adds a batch: labels (non-zero is positive), predictions in [0, 1], optional weights. */
  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    updateConfusionMatrix(this.state, yTrue, yPred, this.thresholds, {
      sampleWeight,
      evenlyDistributed: this.evenlyDistributed,
      owner: `metric '${this.name}'`,
    });
  }

  /** `hits / (hits + misses)` per threshold (0 where nothing was counted); a scalar for one threshold. */
  protected ratio(hits: Variable, misses: Variable): Tensor {
    const r = divNoNan(hits, ops.add(hits, misses));
    return this.thresholds.length === 1 ? ops.reshape(r, []) : r;
  }

  override getConfig() {
    return { ...super.getConfig(), thresholds: [...this.thresholds] };
  }
}

/**
 * The fraction of predicted positives that are true positives, as `keras.metrics.Precision`.
 *
 * ```ts
 * const m = new keras.metrics.Precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().dataSync(); // Float32Array [0.6666667]
 * ```
 */
export class Precision extends ThresholdMetric {
  protected readonly state: { truePositives: Variable; falsePositives: Variable };

  constructor(options: PrecisionRecallOptions = {}) {
    super(options, "Precision", "precision");
    const n = this.thresholds.length;
    this.state = { truePositives: this.addWeight("true_positives", [n]), falsePositives: this.addWeight("false_positives", [n]) };
  }

  override result(): Tensor {
    return this.ratio(this.state.truePositives, this.state.falsePositives);
  }
}

/**
 * The fraction of actual positives predicted positive, as `keras.metrics.Recall`.
 *
 * ```ts
 * const m = new keras.metrics.Recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().dataSync(); // Float32Array [0.6666667]
 * ```
 */
export class Recall extends ThresholdMetric {
  protected readonly state: { truePositives: Variable; falseNegatives: Variable };

  constructor(options: PrecisionRecallOptions = {}) {
    super(options, "Recall", "recall");
    const n = this.thresholds.length;
    this.state = { truePositives: this.addWeight("true_positives", [n]), falseNegatives: this.addWeight("false_negatives", [n]) };
  }

  override result(): Tensor {
    return this.ratio(this.state.truePositives, this.state.falseNegatives);
  }
}

libraryMethods(ThresholdMetric, ["updateState"]);
libraryMethods(Precision, ["result"]);
libraryMethods(Recall, ["result"]);

registerBuiltIn("metric", "Precision", Precision);
registerBuiltIn("metric", "Recall", Recall);
