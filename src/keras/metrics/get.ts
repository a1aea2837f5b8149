/**
 * `keras.metrics.get`: a Metric from whatever `compile({ metrics })` accepts, including
 * Keras's "accuracy" shortcut, which picks the accuracy that fits the loss.
 */
import { describeValue, ValueError } from "../../errors.js";
import { BinaryCrossentropy, binaryCrossentropy } from "../losses/binary-crossentropy.js";
import { CategoricalCrossentropy, categoricalCrossentropy } from "../losses/categorical-crossentropy.js";
import { get as getLoss, type LossIdentifier } from "../losses/get.js";
import { Loss, LossFunctionWrapper } from "../losses/loss.js";
import { meanAbsoluteError } from "../losses/mean-absolute-error.js";
import { meanSquaredError } from "../losses/mean-squared-error.js";
import { SparseCategoricalCrossentropy, sparseCategoricalCrossentropy } from "../losses/sparse-categorical-crossentropy.js";
import {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from "./accuracy-functions.js";
import {
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from "./accuracy-metrics.js";
import { AUC } from "./auc.js";
import { MeanMetricWrapper, type MetricFunction } from "./mean-metric-wrapper.js";
import { Metric } from "./metric.js";
import { Precision, Recall } from "./precision-recall.js";
import { Mean, Sum } from "./reduction-metrics.js";
import { MeanAbsoluteError, MeanSquaredError } from "./regression-metrics.js";
import {
  BinaryCrossentropy as BinaryCrossentropyMetric,
  CategoricalCrossentropy as CategoricalCrossentropyMetric,
  SparseCategoricalCrossentropy as SparseCategoricalCrossentropyMetric,
} from "./crossentropy-metrics.js";
import { deserialize, isSerialized, lookupNamed, registerBuiltIn, type SerializedObject } from "../saving/object-registry.js";

/** What `get` accepts: a Metric, a Metric subclass, a function `(yTrue, yPred) => Tensor`, a Loss, or a name. */
export type MetricIdentifier = Metric | Loss | string | MetricFunction | (new () => Metric);

/** Any metric function, as a key: only its identity matters. */
type AnyFunction = ((...args: never[]) => unknown) | (new (...args: never[]) => unknown);

interface Entry {
  /** Keras's spellings, camelCase and the class name. */
  names: readonly string[];
  /** The function form, so `get(fn)` finds its metric. */
  fn: AnyFunction | null;
  /** Keras's default name of the metric. */
  snakeName: string;
  make: (name: string) => Metric;
}

const entries: readonly Entry[] = [
  {
    names: ["binary_accuracy", "binaryAccuracy", "BinaryAccuracy"],
    fn: binaryAccuracy,
    snakeName: "binary_accuracy",
    make: (name) => new BinaryAccuracy({ name }),
  },
  {
    names: ["categorical_accuracy", "categoricalAccuracy", "CategoricalAccuracy"],
    fn: categoricalAccuracy,
    snakeName: "categorical_accuracy",
    make: (name) => new CategoricalAccuracy({ name }),
  },
  {
    names: ["sparse_categorical_accuracy", "sparseCategoricalAccuracy", "SparseCategoricalAccuracy"],
    fn: sparseCategoricalAccuracy,
    snakeName: "sparse_categorical_accuracy",
    make: (name) => new SparseCategoricalAccuracy({ name }),
  },
  {
    names: ["top_k_categorical_accuracy", "topKCategoricalAccuracy", "TopKCategoricalAccuracy"],
    fn: topKCategoricalAccuracy,
    snakeName: "top_k_categorical_accuracy",
    make: (name) => new TopKCategoricalAccuracy({ name }),
  },
  {
    names: ["sparse_top_k_categorical_accuracy", "sparseTopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy"],
    fn: sparseTopKCategoricalAccuracy,
    snakeName: "sparse_top_k_categorical_accuracy",
    make: (name) => new SparseTopKCategoricalAccuracy({ name }),
  },
  { names: ["Accuracy"], fn: accuracy, snakeName: "accuracy", make: (name) => new Accuracy({ name }) },
  { names: ["auc", "AUC"], fn: null, snakeName: "auc", make: (name) => new AUC({ name }) },
  { names: ["precision", "Precision"], fn: null, snakeName: "precision", make: (name) => new Precision({ name }) },
  { names: ["recall", "Recall"], fn: null, snakeName: "recall", make: (name) => new Recall({ name }) },
  { names: ["Mean"], fn: null, snakeName: "mean", make: (name) => new Mean({ name }) },
  { names: ["Sum"], fn: null, snakeName: "sum", make: (name) => new Sum({ name }) },
  {
    names: ["mean_squared_error", "mse", "MSE", "meanSquaredError", "MeanSquaredError"],
    fn: meanSquaredError,
    snakeName: "mean_squared_error",
    make: (name) => new MeanSquaredError({ name }),
  },
  {
    names: ["mean_absolute_error", "mae", "MAE", "meanAbsoluteError", "MeanAbsoluteError"],
    fn: meanAbsoluteError,
    snakeName: "mean_absolute_error",
    make: (name) => new MeanAbsoluteError({ name }),
  },
  {
    names: ["binary_crossentropy", "binaryCrossentropy", "BinaryCrossentropy"],
    fn: binaryCrossentropy,
    snakeName: "binary_crossentropy",
    make: (name) => new BinaryCrossentropyMetric({ name }),
  },
  {
    names: ["categorical_crossentropy", "categoricalCrossentropy", "CategoricalCrossentropy"],
    fn: categoricalCrossentropy,
    snakeName: "categorical_crossentropy",
    make: (name) => new CategoricalCrossentropyMetric({ name }),
  },
  {
    names: ["sparse_categorical_crossentropy", "sparseCategoricalCrossentropy", "SparseCategoricalCrossentropy"],
    fn: sparseCategoricalCrossentropy,
    snakeName: "sparse_categorical_crossentropy",
    make: (name) => new SparseCategoricalCrossentropyMetric({ name }),
  },
];

// The functions too, under their Keras names, so a MeanMetricWrapper of one saves and loads.
for (const e of entries) if (e.fn) registerBuiltIn("metric", e.snakeName, e.fn as MetricFunction);

const byName = new Map<string, Entry>(entries.flatMap((e) => e.names.map((n) => [n, e] as const)));
const byFunction = new Map<AnyFunction, Entry>(entries.flatMap((e) => (e.fn ? [[e.fn, e] as const] : [])));

/**
 * Keras names a metric after the string it was given ("mse" stays "mse" in History);
 * camelCase and class-name spellings get Keras's snake_case name.
 */
function metricName(given: string, entry: Entry): string {
  return /[A-Z]/.test(given) ? entry.snakeName : given;
}

/** Which accuracy a loss calls for, as old Keras's compile chose it; null when none fits. */
function accuracyForLoss(hint: LossIdentifier, name: string): Metric | null {
  const loss = getLoss(hint);
  const fn = loss instanceof LossFunctionWrapper ? loss.fn : null;
  if (loss instanceof SparseCategoricalCrossentropy || fn === sparseCategoricalCrossentropy) return new SparseCategoricalAccuracy({ name });
  if (loss instanceof CategoricalCrossentropy || fn === categoricalCrossentropy) return new CategoricalAccuracy({ name });
  if (loss instanceof BinaryCrossentropy || fn === binaryCrossentropy) return new BinaryAccuracy({ name });
  return null;
}

/**
 * The accuracy that fits the shapes of labels and predictions, as tf.keras 2.x's
 * compile resolves "accuracy": binary when predictions have one column, sparse when the
 * labels have lower rank (or one column against several), categorical otherwise.
 * Example: `accuracyForShapes([32], [32, 10])` is a SparseCategoricalAccuracy named "accuracy".
 */
export function accuracyForShapes(yTrueShape: readonly number[], yPredShape: readonly number[], name = "accuracy"): Metric {
  const trueLast = yTrueShape[yTrueShape.length - 1];
  const predLast = yPredShape[yPredShape.length - 1];
  if (predLast === 1) return new BinaryAccuracy({ name });
  if (yTrueShape.length < yPredShape.length || (trueLast === 1 && (predLast ?? 0) > 1)) return new SparseCategoricalAccuracy({ name });
  return new CategoricalAccuracy({ name });
}

/**
 * The Metric an identifier names. A Metric is returned as is; a Metric subclass is
 * instantiated; names follow Keras ("sparse_categorical_accuracy", "auc", "mse", ...)
 * or camelCase; functions and Losses become running means (`MeanMetricWrapper`).
 * "accuracy"/"acc" with `lossHint` (what `compile` got as `loss`) resolve to the
 * sparse, categorical or binary accuracy for the sparse, categorical or binary
 * cross-entropy, and keep the name they were given; otherwise they are `Accuracy`.
 *
 * ```ts
 * keras.metrics.get("accuracy", "sparse_categorical_crossentropy"); // SparseCategoricalAccuracy, name "accuracy"
 * keras.metrics.get("auc"); // AUC
 * ```
 */
export function get(identifier: MetricIdentifier | SerializedObject, lossHint?: LossIdentifier): Metric {
  if (identifier instanceof Metric) return identifier;
  if (isSerialized(identifier)) {
    if (identifier.className === "function" && typeof identifier.config === "string") return get(identifier.config, lossHint);
    const metric = deserialize("metric", identifier);
    if (!(metric instanceof Metric)) throw new ValueError(`'${identifier.className}' is not a Metric`);
    return metric;
  }
  if (identifier instanceof Loss) {
    const loss = identifier;
    return new MeanMetricWrapper((t, p) => loss.call(t, p), { name: loss.name });
  }
  if (typeof identifier === "string") {
    if (identifier === "accuracy" || identifier === "acc") {
      return (lossHint !== undefined ? accuracyForLoss(lossHint, identifier) : null) ?? new Accuracy({ name: identifier });
    }
    const entry = byName.get(identifier);
    if (entry) return entry.make(metricName(identifier, entry));
    const registered = lookupNamed("metric", identifier);
    if (registered) return get((registered.fromConfig ? registered.fromConfig({}) : registered.target) as MetricIdentifier);
    throw new ValueError(
      `Unknown metric function: ${identifier}. Expected a metric name such as "accuracy", "sparse_categorical_accuracy", "auc", "precision", "recall" or "mse"`,
    );
  }
  if (typeof identifier === "function") {
    if (identifier.prototype instanceof Metric) return new (identifier as new () => Metric)();
    const entry = byFunction.get(identifier);
    return entry ? entry.make(entry.snakeName) : new MeanMetricWrapper(identifier as MetricFunction);
  }
  throw new ValueError(`Could not interpret metric identifier: ${describeValue(identifier)}`);
}
