/** RMSprop against the Keras docstring and a float64 recomputation of the Keras 2.11+ formulas. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { RMSprop } from "../../../src/keras/optimizers/index.js";
import { assertClose } from "../../helpers.js";

test("the RMSprop docstring: var 10, lr 0.1, loss var²/2 gives 9.683772", () => {
  const v = tf.variable(tf.scalar(10));
  new RMSprop({ learningRate: 0.1 }).minimize(() => tf.div(tf.square(v), 2), [v]);
  assertClose(v.dataSync(), [9.683772], 1e-7);
});

/** Keras 2.11+ RMSprop (dense) in float64: rsqrt(denominator + epsilon). */
function rmspropReference(var0: number[], grads: number[][], o: { lr: number; rho: number; momentum: number; epsilon: number; centered: boolean }): number[] {
  const p = [...var0];
  const vel = p.map(() => 0);
  const mom = p.map(() => 0);
  const avg = p.map(() => 0);
  for (const g of grads) {
    for (let i = 0; i < p.length; i++) {
      vel[i] = o.rho * vel[i]! + (1 - o.rho) * g[i]! ** 2;
      let denom = vel[i]!;
      if (o.centered) {
        avg[i] = o.rho * avg[i]! + (1 - o.rho) * g[i]!;
        denom -= avg[i]! ** 2;
      }
      const inc = (o.lr * g[i]!) / Math.sqrt(denom + o.epsilon);
      if (o.momentum > 0) {
        mom[i] = o.momentum * mom[i]! + inc;
        p[i] = p[i]! - mom[i]!;
      } else {
        p[i] = p[i]! - inc;
      }
    }
  }
  return p;
}

test("RMSprop plain, centered, with momentum, and both: 4 steps against float64", () => {
  const grads = [
    [0.1, 0.1],
    [0.01, -0.2],
    [0.5, 0.3],
    [-0.05, 0.02],
  ];
  const variants = [
    { lr: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    { lr: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-3, centered: true },
    { lr: 0.02, rho: 0.8, momentum: 0.5, epsilon: 1e-7, centered: false },
    { lr: 0.01, rho: 0.95, momentum: 0.9, epsilon: 0.1, centered: true },
  ];
  for (const o of variants) {
    const v = tf.variable(tf.tensor([1, 2]));
    const opt = new RMSprop({ learningRate: o.lr, rho: o.rho, momentum: o.momentum, epsilon: o.epsilon, centered: o.centered });
    for (const g of grads) opt.applyGradients([tf.tensor(g)], [v]);
    assertClose(v.dataSync(), rmspropReference([1, 2], grads, o), 2e-6, 1e-6, JSON.stringify(o));
    assert.equal(opt.iterations, 4);
  }
});

test("RMSprop keeps its velocity slot in float32 from float16 gradients", () => {
  const v = tf.variable(tf.tensor([1, 2]));
  const opt = new RMSprop({ learningRate: 0.01 });
  opt.applyGradients([tf.tensor([0.5, -1], [2], "float16")], [v]);
  const velocity = opt.getSlot(v, "velocity")!;
  assert.equal(velocity.dtype, "float32");
  assertClose(velocity.dataSync(), [0.025, 0.1], 1e-6);
});
