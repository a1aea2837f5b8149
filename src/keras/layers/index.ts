/** `keras.layers`. */
export { Layer, type LayerOptions, type CallArgs, type AddWeightOptions } from "../engine/layer.js";
export { Input, type InputOptions } from "../engine/input.js";
export { Dense, type DenseOptions } from "./dense.js";
export { Activation } from "./activation.js";
export { Dropout, type DropoutOptions } from "./dropout.js";
export { Flatten } from "./flatten.js";
export { Reshape } from "./reshape.js";
export { Softmax, type SoftmaxOptions } from "./softmax.js";
