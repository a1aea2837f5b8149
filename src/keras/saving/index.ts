/** `keras.saving`: whole-model files, the registry of serializable objects, and (de)serialization. */
export { registerSerializable, serialize, deserializeObject as deserialize, type SerializedObject } from "./object-registry.js";
export { loadModel, modelFromConfig, modelFromJson, type LoadModelOptions } from "./load-model.js";
