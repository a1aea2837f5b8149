/** `keras.metrics`: stateful metric classes, the per-example accuracy functions and the `get` resolver. */
export { Metric, type MetricConfig } from "./metric.js";
export { Mean, Sum, type ReduceOptions } from "./reduction-metrics.js";
export { MeanMetricWrapper, type MetricFunction } from "./mean-metric-wrapper.js";
export {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  topKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
} from "./accuracy-functions.js";
export {
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  type AccuracyOptions,
  type BinaryAccuracyOptions,
  type TopKAccuracyOptions,
} from "./accuracy-metrics.js";
export { Precision, Recall, type PrecisionRecallOptions } from "./precision-recall.js";
export { AUC, type AUCOptions } from "./auc.js";
export { MeanAbsoluteError, MeanSquaredError, type RegressionMetricOptions } from "./regression-metrics.js";
export { BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, type CrossentropyMetricOptions } from "./crossentropy-metrics.js";
export { get, accuracyForShapes, type MetricIdentifier } from "./get.js";
