/**
 * The cross-entropy metrics (Keras's `metrics.SparseCategoricalCrossentropy`,
 * `CategoricalCrossentropy`, `BinaryCrossentropy`): running weighted means of the loss
 * functions, with their `fromLogits` and `labelSmoothing` options.
 */
import { describeValue, ValueError } from "../../errors.js";
import { binaryCrossentropy } from "../losses/binary-crossentropy.js";
import { categoricalCrossentropy } from "../losses/categorical-crossentropy.js";
import { sparseCategoricalCrossentropy } from "../losses/sparse-categorical-crossentropy.js";
import { booleanOption, checkOptions, numberOption, UNIT_INTERVAL } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";
import { MeanMetricWrapper } from "./mean-metric-wrapper.js";
import type { MetricConfig } from "./metric.js";

/** Options of the cross-entropy metrics (`labelSmoothing` not for the sparse one). */
export interface CrossentropyMetricOptions {
  name?: string;
  /** Whether predictions are logits. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels move towards uniform by this much. Default 0. */
  labelSmoothing?: number;
  /** The class axis: only -1, the last (Keras's default). */
  axis?: number;
}

function checkAxis(axis: unknown, owner: string): void {
  if (axis !== undefined && axis !== -1) throw new ValueError(`${owner} computes over the last axis only (axis: -1), but got axis: ${describeValue(axis)}`);
}

/**
 * The mean sparse categorical cross-entropy of integer labels against class scores.
 * Example: `new metrics.SparseCategoricalCrossentropy({ fromLogits: true })`.
 */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;

  constructor(options: Omit<CrossentropyMetricOptions, "labelSmoothing"> = {}) {
    const o = checkOptions(options, ["name", "fromLogits", "axis"], "SparseCategoricalCrossentropy");
    checkAxis(o.axis, "SparseCategoricalCrossentropy");
    const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", "SparseCategoricalCrossentropy");
    super((t, p) => sparseCategoricalCrossentropy(t, p, { fromLogits }), { name: o.name ?? "sparse_categorical_crossentropy" });
    this.fromLogits = fromLogits;
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, axis: -1 };
  }
}

/** Shared by the categorical and binary cross-entropy metrics. */
abstract class SmoothedCrossentropy extends MeanMetricWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: CrossentropyMetricOptions, owner: string, name: string, fn: typeof categoricalCrossentropy) {
    const o = checkOptions(options, ["name", "fromLogits", "labelSmoothing", "axis"], owner);
    checkAxis(o.axis, owner);
    const fromLogits = booleanOption(o.fromLogits, false, "fromLogits", owner);
    const labelSmoothing = numberOption(o.labelSmoothing, 0, "labelSmoothing", UNIT_INTERVAL, owner);
    super((t, p) => fn(t, p, { fromLogits, labelSmoothing }), { name: o.name ?? name });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: -1 };
  }
}

/** The mean categorical cross-entropy of one-hot labels against class scores. Example: `new metrics.CategoricalCrossentropy({ labelSmoothing: 0.1 })`. */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  constructor(options: CrossentropyMetricOptions = {}) {
    super(options, "CategoricalCrossentropy", "categorical_crossentropy", categoricalCrossentropy);
  }
}

/** The mean binary cross-entropy of 0/1 labels against probabilities (or logits). Example: `new metrics.BinaryCrossentropy({ fromLogits: true })`. */
export class BinaryCrossentropy extends SmoothedCrossentropy {
  constructor(options: CrossentropyMetricOptions = {}) {
    super(options, "BinaryCrossentropy", "binary_crossentropy", binaryCrossentropy);
  }
}

registerBuiltIn("metric", "SparseCategoricalCrossentropy", SparseCategoricalCrossentropy);
registerBuiltIn("metric", "CategoricalCrossentropy", CategoricalCrossentropy);
registerBuiltIn("metric", "BinaryCrossentropy", BinaryCrossentropy);
