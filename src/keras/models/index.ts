/** `keras.models`: `Model`, `Sequential`, and loading models from files and configs. */
export { Model, type ModelOptions } from "./model.js";
export { Sequential } from "./sequential.js";
export { loadModel, modelFromConfig, modelFromJson, type LoadModelOptions } from "../saving/load-model.js";
