/** The accuracy metrics: running weighted means of the accuracy functions. */
import {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from "./accuracy-functions.js";
import { MeanMetricWrapper } from "./mean-metric-wrapper.js";
import { libraryCode } from "../../tensor/ownership.js";
import { checkOptions, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Options every accuracy metric takes. */
export interface AccuracyOptions {
  name?: string;
}

/**
 * How often predictions equal labels exactly, as `keras.metrics.Accuracy`.
 * Example: `m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]])` gives 0.75.
 */
export class Accuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions = {}) {
    const o = checkOptions(options, ["name"], "Accuracy");
    super(accuracy, { name: o.name ?? "accuracy" });
  }
}

/** Options of `BinaryAccuracy`. */
export interface BinaryAccuracyOptions extends AccuracyOptions {
  /** A prediction above it counts as 1. Default 0.5. */
  threshold?: number;
}

/**
 * How often `yPred > threshold` matches 0/1 labels, as `keras.metrics.BinaryAccuracy`
 * (per example, averaged over the last axis first).
 * Example: `m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])` gives 0.75.
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  readonly threshold: number;

  constructor(options: BinaryAccuracyOptions = {}) {
    const owner = "BinaryAccuracy";
    const o = checkOptions(options, ["threshold", "name"], owner);
    const threshold = numberOption(o.threshold, 0.5, "threshold", { min: 0, max: 1 }, owner);
    super(
      libraryCode((t, p) => binaryAccuracy(t, p, threshold)),
      { name: o.name ?? "binary_accuracy" },
    );
    this.threshold = threshold;
  }

  override getConfig() {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/**
 * How often the top prediction is the one-hot label's class, as `keras.metrics.CategoricalAccuracy`.
 * Example: `m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])` gives 0.5.
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions = {}) {
    const o = checkOptions(options, ["name"], "CategoricalAccuracy");
    super(categoricalAccuracy, { name: o.name ?? "categorical_accuracy" });
  }
}

/**
 * How often the top prediction is the integer label, as `keras.metrics.SparseCategoricalAccuracy`.
 * Example: `m.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])` gives 0.5.
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions = {}) {
    const o = checkOptions(options, ["name"], "SparseCategoricalAccuracy");
    super(sparseCategoricalAccuracy, { name: o.name ?? "sparse_categorical_accuracy" });
  }
}

/** Options of the top-k accuracies. */
export interface TopKAccuracyOptions extends AccuracyOptions {
  /** How many of the highest predictions count. Default 5. */
  k?: number;
}

/**
 * How often the one-hot label's class is among the `k` highest predictions, as
 * `keras.metrics.TopKCategoricalAccuracy`. Example: `new TopKCategoricalAccuracy({ k: 1 })`.
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  readonly k: number;

  constructor(options: TopKAccuracyOptions = {}) {
    const owner = "TopKCategoricalAccuracy";
    const o = checkOptions(options, ["k", "name"], owner);
    const k = numberOption(o.k, 5, "k", { min: 1, integer: true }, owner);
    super(
      libraryCode((t, p) => topKCategoricalAccuracy(t, p, k)),
      { name: o.name ?? "top_k_categorical_accuracy" },
    );
    this.k = k;
  }

  override getConfig() {
    return { ...super.getConfig(), k: this.k };
  }
}

/**
 * How often the integer label is among the `k` highest predictions, as
 * `keras.metrics.SparseTopKCategoricalAccuracy`. Example: `new SparseTopKCategoricalAccuracy({ k: 2 })`.
 */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  readonly k: number;

  constructor(options: TopKAccuracyOptions = {}) {
    const owner = "SparseTopKCategoricalAccuracy";
    const o = checkOptions(options, ["k", "name"], owner);
    const k = numberOption(o.k, 5, "k", { min: 1, integer: true }, owner);
    super(
      libraryCode((t, p) => sparseTopKCategoricalAccuracy(t, p, k)),
      { name: o.name ?? "sparse_top_k_categorical_accuracy" },
    );
    this.k = k;
  }

  override getConfig() {
    return { ...super.getConfig(), k: this.k };
  }
}

registerBuiltIn("metric", "Accuracy", Accuracy);
registerBuiltIn("metric", "BinaryAccuracy", BinaryAccuracy);
registerBuiltIn("metric", "CategoricalAccuracy", CategoricalAccuracy);
registerBuiltIn("metric", "SparseCategoricalAccuracy", SparseCategoricalAccuracy);
registerBuiltIn("metric", "TopKCategoricalAccuracy", TopKCategoricalAccuracy);
registerBuiltIn("metric", "SparseTopKCategoricalAccuracy", SparseTopKCategoricalAccuracy);
