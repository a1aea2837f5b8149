/** The `keras` namespace of the package: `tf.keras` plus `keras.datasets`. */
export * from "./keras/index.js";
export * as datasets from "./datasets/index.js";
