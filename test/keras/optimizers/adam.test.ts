/** Adam, AMSGrad and AdamW against float64 recomputations of the Keras 2.11+ formulas. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Adam, AdamW } from "../../../src/keras/optimizers/index.js";
import { assertClose } from "../../helpers.js";

interface AdamRef {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  amsgrad: boolean;
  weightDecay: number;
}

/** Keras 2.11+ Adam (dense update) in float64, with AMSGrad and decoupled weight decay. */
function adamReference(var0: number[], grads: number[][], o: AdamRef): number[] {
  const p = [...var0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const vhat = p.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    const alpha = (o.lr * Math.sqrt(1 - o.beta2 ** t)) / (1 - o.beta1 ** t);
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! - p[i]! * o.weightDecay * o.lr;
      m[i] = m[i]! + (g[i]! - m[i]!) * (1 - o.beta1);
      v[i] = v[i]! + (g[i]! ** 2 - v[i]!) * (1 - o.beta2);
      vhat[i] = Math.max(vhat[i]!, v[i]!);
      p[i] = p[i]! - (m[i]! * alpha) / (Math.sqrt(o.amsgrad ? vhat[i]! : v[i]!) + o.epsilon);
    }
  });
  return p;
}

const BASE: AdamRef = { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, weightDecay: 0 };

test("Adam: Keras's adam_test setup (var0 [1, 2] with 0.1, var1 [3, 4] with 0.01), 3 steps", () => {
  const var0 = tf.variable(tf.tensor([1, 2]));
  const var1 = tf.variable(tf.tensor([3, 4]));
  const opt = new Adam();
  for (let t = 1; t <= 3; t++) {
    opt.applyGradients([tf.tensor([0.1, 0.1]), tf.tensor([0.01, 0.01])], [var0, var1]);
    const g0 = Array.from({ length: t }, () => [0.1, 0.1]);
    const g1 = Array.from({ length: t }, () => [0.01, 0.01]);
    assertClose(var0.dataSync(), adamReference([1, 2], g0, BASE), 1e-6, 1e-7);
    assertClose(var1.dataSync(), adamReference([3, 4], g1, BASE), 1e-6, 1e-7);
  }
  assert.equal(opt.iterations, 3);
});

test("Adam with other hyperparameters and varying gradients, 5 steps", () => {
  const o = { ...BASE, lr: 0.05, beta1: 0.7, beta2: 0.77, epsilon: 1e-3 };
  const grads = [
    [1, -2, 0.5],
    [0.3, 0.1, -0.4],
    [-1, 2, 0],
    [0.01, -0.02, 3],
    [2, 2, 2],
  ];
  const v = tf.variable(tf.tensor([0.5, -1, 2]));
  const opt = new Adam({ learningRate: o.lr, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon });
  for (const g of grads) opt.applyGradients([tf.tensor(g)], [v]);
  assertClose(v.dataSync(), adamReference([0.5, -1, 2], grads, o), 2e-6, 1e-6);
});

test("AMSGrad keeps the running maximum of v, composed from float32 ops", () => {
  // Shrinking gradients make v fall below its past maximum, where AMSGrad and Adam part.
  const grads = [
    [1, -1],
    [0.1, 0.2],
    [0.01, -0.05],
    [0.001, 0.001],
  ];
  const ams = tf.variable(tf.tensor([1, 2]));
  const plain = tf.variable(tf.tensor([1, 2]));
  // A short second-moment memory (beta2 0.5) lets v fall well below its maximum.
  const optAms = new Adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true });
  const optPlain = new Adam({ learningRate: 0.1, beta2: 0.5 });
  for (const g of grads) {
    optAms.applyGradients([tf.tensor(g, [2], "float16")], [ams]);
    optPlain.applyGradients([tf.tensor(g, [2], "float16")], [plain]);
  }
  const f16 = (x: number) => tf.scalar(x, "float16").dataSync()[0]!;
  const g16 = grads.map((g) => g.map(f16));
  const expected = adamReference([1, 2], g16, { ...BASE, lr: 0.1, beta2: 0.5, amsgrad: true });
  assertClose(ams.dataSync(), expected, 2e-6, 1e-6);
  assertClose(plain.dataSync(), adamReference([1, 2], g16, { ...BASE, lr: 0.1, beta2: 0.5 }), 2e-6, 1e-6);
  assert.ok(Math.abs(ams.dataSync()[0]! - plain.dataSync()[0]!) > 1e-2, "AMSGrad must differ from Adam here");
  assert.deepEqual(
    optAms.variables().map((v) => v.name.split("/")[1]),
    ["m", "v", "vhat"],
  );
  const v = optAms.getSlot(ams, "v")!.dataSync();
  const vhat = optAms.getSlot(ams, "vhat")!.dataSync();
  assert.ok(vhat[0]! > v[0]!, "vhat holds the earlier, larger v");
});

test("AdamW: decoupled decay then Adam, against float64, 4 steps (also with AMSGrad)", () => {
  const grads = [
    [0.1, -0.2],
    [0.3, 0.3],
    [-0.5, 0.05],
    [0.2, -0.1],
  ];
  for (const amsgrad of [false, true]) {
    const o = { ...BASE, lr: 0.01, weightDecay: 0.1, amsgrad };
    const v = tf.variable(tf.tensor([1.5, -2]));
    const opt = new AdamW({ learningRate: o.lr, weightDecay: o.weightDecay, amsgrad });
    for (const g of grads) opt.applyGradients([tf.tensor(g)], [v]);
    assertClose(v.dataSync(), adamReference([1.5, -2], grads, o), 2e-6, 1e-6, `amsgrad=${amsgrad}`);
  }
  // The first step of Adam moves each weight by about lr, whatever the gradient's size.
  const w = tf.variable(tf.tensor([1]));
  new Adam().applyGradients([tf.tensor([3])], [w]);
  assertClose(w.dataSync(), [0.999], 1e-6);
});

test("Adam with a 16-bit gradient and loss-scale unscaling fused into the kernel", () => {
  const a = tf.variable(tf.tensor([1, 2]));
  const b = tf.variable(tf.tensor([1, 2]));
  const optA = new Adam({ learningRate: 0.01 });
  const optB = new Adam({ learningRate: 0.01 });
  optA.applyGradients([tf.tensor([0.25, -0.5])], [a]);
  optB.applyValidatedPairs([[tf.tensor([256, -512], [2], "float16"), b]], 1 / 1024);
  assert.deepEqual([...a.dataSync()], [...b.dataSync()]);
  assert.equal(optB.iterations, 1);
});
