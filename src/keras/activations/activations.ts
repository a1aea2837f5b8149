/**
 * Activation functions (Keras's `tf.keras.activations`). Each computes in its input's
 * dtype; a layer's autocast has already put inputs in the compute dtype.
 */
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { libraryFunction } from "../../tensor/ownership.js";

export type Activation = (x: Tensor) => Tensor;

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Identity. */
export const linear: Activation = (x) => x;
/** max(x, 0). */
export const relu: Activation = (x) => ops.relu(x);
/** 1 / (1 + e^-x). */
export const sigmoid: Activation = (x) => ops.sigmoid(x);
/** tanh(x). */
export const tanh: Activation = (x) => ops.tanh(x);
/** Softmax over the last axis. */
export const softmax: Activation = (x) => ops.softmax(x, -1);
/** Exact GELU x·Φ(x) (Keras's default `approximate=False`). */
export const gelu: Activation = (x) => ops.gelu(x);
/** log(1 + e^x). */
export const softplus: Activation = (x) => ops.softplus(x);
/** x·sigmoid(x) (also called silu). */
export const swish: Activation = libraryFunction((x) => ops.mul(x, ops.sigmoid(x)));
/** x for x > 0, alpha·(e^x - 1) otherwise, alpha = 1. */
export const elu: Activation = libraryFunction((x) => ops.where(ops.greater(x, 0), x, ops.expm1(x)));
/** scale·elu(x, alpha) with Keras's constants. */
export const selu: Activation = libraryFunction((x) => ops.mul(ops.where(ops.greater(x, 0), x, ops.mul(ops.expm1(x), SELU_ALPHA)), SELU_SCALE));
/** x for x > 0, 0.2·x otherwise (tf.nn.leaky_relu's default slope). */
export const leakyRelu: Activation = libraryFunction((x) => ops.where(ops.greater(x, 0), x, ops.mul(x, 0.2)));
