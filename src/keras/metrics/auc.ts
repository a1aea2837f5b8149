/** `AUC`: the area under the ROC or precision-recall curve, by Keras's threshold algorithm. */
import type { Variable } from "../../autodiff/variable.js";
import { describeValue, ValueError } from "../../errors.js";
import type { TensorLike } from "../../ops/creation.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { toFloat32 } from "../losses/losses-utils.js";
import { isEvenlyDistributed, parseThresholds, updateConfusionMatrix } from "./confusion-matrix.js";
import { Metric } from "./metric.js";
import { divNoNan } from "./metrics-utils.js";
import { libraryMethods } from "../../tensor/ownership.js";
import { booleanOption, checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Keras's `backend.epsilon()`, which pads the outer thresholds beyond [0, 1]. */
const EPSILON = 1e-7;

/** Options of `AUC`. */
export interface AUCOptions {
  /** Number of thresholds (> 1), spaced evenly over [0, 1]. Default 200. */
  numThresholds?: number;
  /** "ROC" (default) or "PR" (lowercase accepted). */
  curve?: "ROC" | "PR" | "roc" | "pr";
  /** Riemann sum: "interpolation" (default), "minoring" or "majoring". */
  summationMethod?: "interpolation" | "minoring" | "majoring";
  /** Explicit thresholds in [0, 1], used instead of `numThresholds`. */
  thresholds?: number[];
  /** Whether predictions are logits (a sigmoid is applied first). Default false. */
  fromLogits?: boolean;
  name?: string;
}

/**
 * Approximate AUC, as `keras.metrics.AUC`: true/false positive and negative counts are
 * accumulated at `numThresholds` thresholds (`i / (numThresholds - 1)`, the ends
 * pushed out by 1e-7), and the curve through those points is summed by Riemann sums
 * (for PR with "interpolation", Davis & Goadrich's interpolation of precision).
 *
 * ```ts
 * const auc = new keras.metrics.AUC({ numThresholds: 3 });
 * auc.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * auc.result().dataSync(); // Float32Array [0.75]
 * ```
 */
export class AUC extends Metric {
  readonly numThresholds: number;
  readonly curve: "ROC" | "PR";
  readonly summationMethod: "interpolation" | "minoring" | "majoring";
  readonly fromLogits: boolean;
  /** Every threshold, including the two outside [0, 1]. */
  readonly thresholds: readonly number[];
  private readonly evenlyDistributed: boolean;
  private readonly tp: Variable;
  private readonly fp: Variable;
  private readonly tn: Variable;
  private readonly fn: Variable;

  constructor(options: AUCOptions = {}) {
    const owner = "AUC";
    const o = checkOptions(options, ["numThresholds", "curve", "summationMethod", "thresholds", "fromLogits", "name"], owner);
    super(o.name ?? "auc");
    const curve = o.curve ?? "ROC";
    if (curve !== "ROC" && curve !== "PR" && curve !== "roc" && curve !== "pr") {
      throw new ValueError(`Invalid AUC curve value: ${describeValue(curve).replace(/^'|'$/g, '"')}. Expected values are ["PR", "ROC"]`);
    }
    this.curve = curve.toUpperCase() as "ROC" | "PR";
    const method = o.summationMethod ?? "interpolation";
    if (method !== "interpolation" && method !== "minoring" && method !== "majoring") {
      throw new ValueError(
        `Invalid AUC summation method value: ${describeValue(method).replace(/^'|'$/g, '"')}. Expected values are ["interpolation", "majoring", "minoring"]`,
      );
    }
    this.summationMethod = method;
    this.fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
    let inner: number[];
    if (o.thresholds !== undefined) {
      inner = parseThresholds(o.thresholds, 0.5, owner).sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.evenlyDistributed = isEvenlyDistributed([0, ...inner, 1]);
    } else {
      const n = o.numThresholds ?? 200;
      if (typeof n !== "number" || !Number.isInteger(n) || n <= 1) {
        throw new ValueError(
          `Argument \`num_thresholds\` must be an integer > 1. Received: num_thresholds=${describeValue(n)} (option 'numThresholds' of AUC)`,
        );
      }
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => ((i + 1) * 1.0) / (n - 1));
      this.evenlyDistributed = true;
    }
    this.thresholds = Object.freeze([0 - EPSILON, ...inner, 1 + EPSILON]);
    const shape = [this.numThresholds];
    this.tp = this.addWeight("true_positives", shape);
    this.fp = this.addWeight("false_positives", shape);
    this.tn = this.addWeight("true_negatives", shape);
    this.fn = this.addWeight("false_negatives", shape);
  }

  /** Adds a batch: labels (non-zero is positive), predictions in [0, 1] (or logits), optional weights. */
  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const owner = `metric '${this.name}'`;
    const p = this.fromLogits ? ops.sigmoid(toFloat32(yPred, "yPred", owner)) : yPred;
    const vars = { truePositives: this.tp, falsePositives: this.fp, trueNegatives: this.tn, falseNegatives: this.fn };
    updateConfusionMatrix(vars, yTrue, p, this.thresholds, { sampleWeight, evenlyDistributed: this.evenlyDistributed, owner });
  }

  /** The area, a float32 scalar. */
  override result(): Tensor {
    if (this.curve === "PR" && this.summationMethod === "interpolation") return this.interpolatePrAuc();
    const recall = divNoNan(this.tp, ops.add(this.tp, this.fn));
    const [x, y] = this.curve === "ROC" ? [divNoNan(this.fp, ops.add(this.fp, this.tn)), recall] : [recall, divNoNan(this.tp, ops.add(this.tp, this.fp))];
    const heights =
      this.summationMethod === "interpolation"
        ? ops.div(ops.add(this.head(y), this.tail(y)), 2)
        : this.summationMethod === "minoring"
          ? ops.minimum(this.head(y), this.tail(y))
          : ops.maximum(this.head(y), this.tail(y));
    return ops.sum(ops.mul(ops.sub(this.head(x), this.tail(x)), heights));
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      fromLogits: this.fromLogits,
    };
  }

  /**
   * Keras's `interpolate_pr_auc` (Davis & Goadrich 2006): between adjacent thresholds
   * precision is interpolated through the true-positive and positive counts, which
   * integrates in closed form with a log of the positive-count ratio.
   */
  private interpolatePrAuc(): Tensor {
    const tp = this.tp;
    const dtp = ops.sub(this.head(tp), this.tail(tp));
    const p = ops.add(tp, this.fp);
    const dp = ops.sub(this.head(p), this.tail(p));
    const precSlope = divNoNan(dtp, ops.maximum(dp, 0));
    const intercept = ops.sub(this.tail(tp), ops.mul(precSlope, this.tail(p)));
    const bothPositive = ops.mul(ops.cast(ops.greater(this.head(p), 0), "float32"), ops.cast(ops.greater(this.tail(p), 0), "float32"));
    const safePRatio = ops.where(ops.equal(bothPositive, 1), divNoNan(this.head(p), ops.maximum(this.tail(p), 0)), 1);
    const increment = divNoNan(
      ops.mul(precSlope, ops.add(dtp, ops.mul(intercept, ops.log(safePRatio)))),
      ops.maximum(ops.add(this.tail(tp), this.tail(this.fn)), 0),
    );
    return ops.sum(increment);
  }

  /** The first n - 1 entries. */
  private head(x: Tensor): Tensor {
    return ops.slice(x, [0], [this.numThresholds - 1]);
  }

  /** The last n - 1 entries. */
  private tail(x: Tensor): Tensor {
    return ops.slice(x, [1], [this.numThresholds - 1]);
  }
}

libraryMethods(AUC, ["updateState", "result"]);

registerBuiltIn("metric", "AUC", AUC);
