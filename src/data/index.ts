/**
 * `tf.data`: input pipelines.
 * Example: `tf.data.Dataset.fromTensorSlices([x, y]).shuffle(10000).batch(32)`.
 */
export { Dataset, type ElementFn, type SliceInput, type Sliced } from "./dataset.js";
export { INFINITE_CARDINALITY, UNKNOWN_CARDINALITY } from "./cardinality.js";
export type { Structure } from "./structure.js";
