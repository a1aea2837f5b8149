/** `tf.keras`: layers, mixed precision, activations, initializers (and more as they land). */
export * as layers from "./layers/index.js";
export * as mixedPrecision from "./mixed-precision/index.js";
export * as activations from "./activations/index.js";
export * as initializers from "./initializers/index.js";
export { Input, InputLayer } from "./engine/input.js";
export { Model, Sequential, type ModelOptions } from "./models/index.js";
export { KerasTensor } from "./engine/keras-tensor.js";
