/** `keras.losses`: loss classes, their functional forms and the `get` resolver. */
export { Loss, LossFunctionWrapper, type LossConfig, type LossFunction, type LossOptions } from "./loss.js";
export { REDUCTIONS, type Reduction } from "./losses-utils.js";
export {
  SparseCategoricalCrossentropy,
  sparseCategoricalCrossentropy,
  type CrossentropyLogitsOptions,
  type SparseCategoricalCrossentropyOptions,
} from "./sparse-categorical-crossentropy.js";
export {
  CategoricalCrossentropy,
  categoricalCrossentropy,
  type CategoricalCrossentropyOptions,
  type CrossentropyOptions,
} from "./categorical-crossentropy.js";
export { BinaryCrossentropy, binaryCrossentropy, type BinaryCrossentropyOptions } from "./binary-crossentropy.js";
export { MeanSquaredError, meanSquaredError, mse } from "./mean-squared-error.js";
export { MeanAbsoluteError, meanAbsoluteError, mae } from "./mean-absolute-error.js";
export { Huber, huber, type HuberOptions, type HuberLossOptions } from "./huber.js";
export { get, type LossIdentifier } from "./get.js";
