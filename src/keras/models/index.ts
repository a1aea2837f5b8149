/** `keras.Model` and `keras.Sequential`. */
export { Model, type ModelOptions } from "./model.js";
export { Sequential } from "./sequential.js";
