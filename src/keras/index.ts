/**
 * `tf.keras` (without `datasets`, which sits above keras and is added to the namespace
 * by the package entry).
 */
export * as layers from "./layers/index.js";
export * as mixedPrecision from "./mixed-precision/index.js";
export * as activations from "./activations/index.js";
export * as initializers from "./initializers/index.js";
export * as losses from "./losses/index.js";
export * as metrics from "./metrics/index.js";
export * as optimizers from "./optimizers/index.js";
export * as callbacks from "./callbacks/index.js";
export { Input, InputLayer } from "./engine/input.js";
export { KerasTensor } from "./engine/keras-tensor.js";
export { Model, Sequential, type ModelOptions } from "./models/index.js";
export * as models from "./models/index.js";
export * as saving from "./saving/index.js";
