/** SGD against Keras's gradient_descent_test.py numbers and a float64 recomputation of its formulas. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { SGD } from "../../../src/keras/optimizers/index.js";
import { assertClose } from "../../helpers.js";

test("SGD(2^-14) on v = 1 with gradient 1 gives exactly 1 - 2^-14 on the float32 master", () => {
  const v = tf.variable(tf.scalar(1));
  new SGD({ learningRate: 2 ** -14 }).applyGradients([tf.scalar(1, "float16")], [v]);
  assert.equal(v.dataSync()[0], 1 - 2 ** -14);
  // The same step on a float16 weight would be lost: float16's spacing below 1 is 2^-11.
  assert.equal(tf.scalar(1 - 2 ** -14, "float16").dataSync()[0], 1);
});

test("plain SGD: w -= lr·g, several steps on two variables", () => {
  const var0 = tf.variable(tf.tensor([1, 2]));
  const var1 = tf.variable(tf.tensor([3, 4]));
  const opt = new SGD({ learningRate: 3 });
  for (let i = 0; i < 2; i++) opt.applyGradients([tf.tensor([0.1, 0.1]), tf.tensor([0.01, 0.01])], [var0, var1]);
  assertClose(var0.dataSync(), [1 - 0.6, 2 - 0.6], 1e-6);
  assertClose(var1.dataSync(), [3 - 0.06, 4 - 0.06], 1e-6);
});

test("momentum: Keras testMomentum numbers (lr 2, momentum 0.9)", () => {
  const var0 = tf.variable(tf.tensor([1, 2]));
  const var1 = tf.variable(tf.tensor([3, 4]));
  const opt = new SGD({ learningRate: 2, momentum: 0.9 });
  const step = () => opt.applyGradients([tf.tensor([0.1, 0.1]), tf.tensor([0.01, 0.01])], [var0, var1]);
  step();
  assertClose(opt.getSlot(var0, "m")!.dataSync(), [-0.2, -0.2], 1e-6);
  assertClose(var0.dataSync(), [1 - 0.1 * 2, 2 - 0.1 * 2], 1e-6);
  assertClose(var1.dataSync(), [3 - 0.01 * 2, 4 - 0.01 * 2], 1e-6);
  step();
  assertClose(opt.getSlot(var0, "m")!.dataSync(), [-(0.9 * 0.2 + 0.2), -(0.9 * 0.2 + 0.2)], 1e-6);
  assertClose(var0.dataSync(), [1 - 0.1 * 2 - (0.9 * 0.1 + 0.1) * 2, 2 - 0.1 * 2 - (0.9 * 0.1 + 0.1) * 2], 1e-6);
  assertClose(var1.dataSync(), [2.98 - (0.9 * 0.01 + 0.01) * 2, 3.98 - (0.9 * 0.01 + 0.01) * 2], 1e-6);
});

test("nesterov: against Keras's _update_nesterov_momentum_numpy, 4 steps", () => {
  const lr = 2;
  const momentum = 0.9;
  const var0 = tf.variable(tf.tensor([1, 2]));
  const opt = new SGD({ learningRate: lr, momentum, nesterov: true });
  const ref = [1, 2];
  const accum = [0, 0];
  const grads = [
    [0.1, 0.1],
    [-0.3, 0.05],
    [0.2, 0.2],
    [0.01, -0.5],
  ];
  for (const g of grads) {
    opt.applyGradients([tf.tensor(g)], [var0]);
    for (let i = 0; i < 2; i++) {
      accum[i] = accum[i]! * momentum - g[i]! * lr;
      ref[i] = ref[i]! + (accum[i]! * momentum - g[i]! * lr);
    }
    assertClose(var0.dataSync(), ref, 1e-6, 1e-6);
  }
});

test("the SGD docstring: momentum 0.9 steps of 0.1 then 0.18", () => {
  const v = tf.variable(tf.scalar(1));
  const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
  const loss = () => tf.div(tf.square(v), 2); // d(loss)/dv = v
  opt.minimize(loss, [v]);
  const v1 = v.dataSync()[0]!;
  assertClose([1 - v1], [0.1], 1e-6);
  opt.minimize(loss, [v]);
  assertClose([v1 - v.dataSync()[0]!], [0.18], 1e-5);
});
