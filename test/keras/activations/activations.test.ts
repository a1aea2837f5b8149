import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { assertClose } from "../../helpers.js";

const { activations } = tf.keras;
const x = tf.tensor([-2, -0.5, 0, 0.5, 2]);

test("activations on known values (Keras's definitions)", () => {
  const cases: [string, number[]][] = [
    ["linear", [-2, -0.5, 0, 0.5, 2]],
    ["relu", [0, 0, 0, 0.5, 2]],
    ["sigmoid", [0.11920292, 0.37754067, 0.5, 0.62245933, 0.88079708]],
    ["tanh", [-0.96402758, -0.46211716, 0, 0.46211716, 0.96402758]],
    ["gelu", [-0.04550026, -0.15426877, 0, 0.34573123, 1.95449974]],
    ["softplus", [0.12692801, 0.47407698, 0.69314718, 0.97407698, 2.12692801]],
    ["swish", [-0.23840584, -0.18877033, 0, 0.31122967, 1.76159416]],
    ["elu", [-0.86466472, -0.39346934, 0, 0.5, 2]],
    ["selu", [-1.52016647, -0.69175478, 0, 0.5253505, 2.101401]],
    ["leaky_relu", [-0.4, -0.1, 0, 0.5, 2]],
  ];
  for (const [name, want] of cases) assertClose(activations.get(name)(x).dataSync(), want, 1e-5, 1e-7, name);
  assertClose(
    activations
      .get("softmax")(tf.tensor([[1, 2, 3]]))
      .dataSync(),
    [0.09003057, 0.24472847, 0.66524096],
    1e-6,
  );
});

test("activation identifiers: Keras spelling, camelCase, functions, null", () => {
  assert.equal(activations.get("leakyRelu"), activations.get("leaky_relu"));
  assert.equal(activations.get(null), activations.linear);
  const f = (t: tf.Tensor) => t;
  assert.equal(activations.get(f), f);
  assert.equal(activations.nameOf(activations.relu), "relu");
  assert.throws(() => activations.get("relu6"), /Unknown activation function: 'relu6'\. Valid names are 'linear', 'relu'/);
  assert.throws(() => activations.get(5 as never), /Could not interpret activation function identifier: 5/);
});

test("activations keep 16-bit dtypes", () => {
  for (const name of ["relu", "gelu", "swish", "elu", "selu", "leaky_relu", "softmax"]) {
    assert.equal(activations.get(name)(x.cast("bfloat16")).dtype, "bfloat16", name);
  }
});
