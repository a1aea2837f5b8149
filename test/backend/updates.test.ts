/**
 * Fused optimizer updates: known values of Keras's formulas on the active backend,
 * and the native kernels against the reference ones bit for bit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { applyUpdate } from "../../src/autodiff/apply-update.js";
import { adamCoefficients, type UpdateName, type UpdateParamsMap } from "../../src/backend/updates.js";
import { assertClose } from "../helpers.js";
import { skipNative } from "./native/native-guard.js";

const f = Math.fround;

test("sgd: plain, momentum and nesterov on known values", () => {
  const v = tf.variable(tf.ones([3]));
  applyUpdate("sgd", v, tf.ones([3]), [], { learningRate: 2 ** -14, momentum: 0, nesterov: false });
  assert.deepEqual([...v.dataSync()], [1 - 2 ** -14, 1 - 2 ** -14, 1 - 2 ** -14]); // exact on the float32 master
  const w = tf.variable(tf.tensor([1]));
  const m = tf.variable(tf.zeros([1]));
  for (const g of [1, 1]) applyUpdate("sgd", w, tf.tensor([g]), [m], { learningRate: 0.1, momentum: 0.9, nesterov: false });
  // m1 = -0.1, w1 = 0.9; m2 = -0.09 - 0.1 = -0.19, w2 = 0.71
  assertClose(w.dataSync(), [0.71], 1e-6);
  assertClose(m.dataSync(), [-0.19], 1e-6);
  const n = tf.variable(tf.tensor([1]));
  const nm = tf.variable(tf.zeros([1]));
  applyUpdate("sgd", n, tf.tensor([1]), [nm], { learningRate: 0.1, momentum: 0.9, nesterov: true });
  // m1 = -0.1; w += 0.9·(-0.1) - 0.1 = -0.19
  assertClose(n.dataSync(), [0.81], 1e-6);
});

test("rmsprop and adam first steps match Keras", () => {
  const rms = { learningRate: f(0.001), rho: f(0.9), oneMinusRho: f(1 - f(0.9)), momentum: 0, epsilon: f(1e-7), centered: false };
  const p = tf.variable(tf.tensor([1, -2]));
  const v = tf.variable(tf.zeros([2]));
  applyUpdate("rmsprop", p, tf.tensor([0.5, -1]), [v], rms);
  // v = 0.1·g², p -= 0.001·g/sqrt(0.1·g² + 1e-7) ≈ p - 0.001·sign(g)·3.1623
  assertClose(p.dataSync(), [1 - 0.0031622, -2 + 0.0031622], 1e-5);
  assertClose(v.dataSync(), [0.025, 0.1], 1e-6);

  const a = tf.variable(tf.tensor([1]));
  const am = tf.variable(tf.zeros([1]));
  const av = tf.variable(tf.zeros([1]));
  applyUpdate("adam", a, tf.tensor([3]), [am, av], adamCoefficients(0.001, 0.9, 0.999, 1e-7, 1, 0));
  assertClose(a.dataSync(), [0.999], 1e-6); // the first Adam step moves by lr whatever |g|
  const w = tf.variable(tf.tensor([1]));
  applyUpdate("adam", w, tf.tensor([0]), [tf.variable(tf.zeros([1])), tf.variable(tf.zeros([1]))], adamCoefficients(0.1, 0.9, 0.999, 1e-7, 1, 0.5));
  assertClose(w.dataSync(), [0.95], 1e-6); // AdamW: decoupled decay p -= p·wd·lr
});

test("gradients of any float dtype are unscaled by gradScale; bad arguments leave the variable unchanged", () => {
  for (const dtype of ["float32", "float16", "bfloat16"] as const) {
    const v = tf.variable(tf.ones([2]));
    applyUpdate("sgd", v, tf.tensor([1024, 2048], [2], dtype), [], { learningRate: 1, momentum: 0, nesterov: false }, 1 / 1024);
    assert.deepEqual([...v.dataSync()], [0, -1]);
  }
  const v = tf.variable(tf.ones([2]), { name: "w" });
  assert.throws(() => applyUpdate("sgd", v, tf.ones([3]), [], { learningRate: 1, momentum: 0, nesterov: false }), /gradient for 'w' has shape \[3\]/);
  assert.throws(
    () => applyUpdate("adam", v, tf.ones([2]), [tf.variable(tf.zeros([2]))], adamCoefficients(1, 0.9, 0.999, 1e-7, 1, 0)),
    /Argument 'slots' of applyUpdate\('adam'\) must hold 2 variables \(m, v\) for these constants, but got 1/,
  );
  assert.throws(
    () =>
      applyUpdate("rmsprop", v, tf.ones([2]), [tf.variable(tf.zeros([2]))], {
        learningRate: 1,
        rho: 0.9,
        oneMinusRho: 0.1,
        momentum: 0.5,
        epsilon: 1e-7,
        centered: true,
      }),
    /Argument 'slots' of applyUpdate\('rmsprop'\) must hold 3 variables \(velocity, momentum, averageGrad\) for these constants, but got 1/,
  );
  assert.throws(
    () => applyUpdate("sgd", v, tf.ones([2]), [tf.variable(tf.zeros([2]))], { learningRate: 1, momentum: 0, nesterov: false }),
    /Argument 'slots' of applyUpdate\('sgd'\) must hold 0 variables for these constants, but got 1/,
  );
  assert.throws(
    () => applyUpdate("sgd", v, tf.ones([2], "int32"), [], { learningRate: 1, momentum: 0, nesterov: false }),
    /must be float32, float16 or bfloat16/,
  );
  assert.deepEqual([...v.dataSync()], [1, 1]);
});

test("an update copies a buffer shared with a view first", () => {
  const v = tf.variable(tf.ones([4]));
  const view = v.reshape([2, 2]);
  applyUpdate("sgd", v, tf.ones([4]), [], { learningRate: 1, momentum: 0, nesterov: false });
  assert.deepEqual([...view.dataSync()], [1, 1, 1, 1]);
  assert.deepEqual([...v.dataSync()], [0, 0, 0, 0]);
});

test("native updates are bit-exact with the reference", { skip: skipNative }, () => {
  const variants: { [U in UpdateName]: { params: UpdateParamsMap[U]; slots: number }[] } = {
    sgd: [
      { params: { learningRate: f(0.01), momentum: 0, nesterov: false }, slots: 0 },
      { params: { learningRate: f(0.01), momentum: f(0.9), nesterov: false }, slots: 1 },
      { params: { learningRate: f(0.01), momentum: f(0.9), nesterov: true }, slots: 1 },
    ],
    rmsprop: [
      { params: { learningRate: f(0.001), rho: f(0.9), oneMinusRho: f(1 - f(0.9)), momentum: 0, epsilon: f(1e-7), centered: false }, slots: 1 },
      { params: { learningRate: f(0.001), rho: f(0.9), oneMinusRho: f(1 - f(0.9)), momentum: f(0.5), epsilon: f(1e-7), centered: false }, slots: 2 },
      { params: { learningRate: f(0.001), rho: f(0.9), oneMinusRho: f(1 - f(0.9)), momentum: f(0.5), epsilon: f(1e-7), centered: true }, slots: 3 },
      { params: { learningRate: f(0.001), rho: f(0.9), oneMinusRho: f(1 - f(0.9)), momentum: 0, epsilon: f(1e-7), centered: true }, slots: 2 },
    ],
    adam: [
      { params: adamCoefficients(0.001, 0.9, 0.999, 1e-7, 3, 0), slots: 2 },
      { params: adamCoefficients(0.001, 0.9, 0.999, 1e-7, 7, 0.004), slots: 2 },
    ],
  };
  const previous = tf.getBackend();
  for (const size of [1, 15, 16, 33, 100003]) {
    for (const [name, list] of Object.entries(variants) as [UpdateName, { params: never; slots: number }[]][]) {
      for (const { params, slots } of list) {
        for (const dtype of ["float32", "float16", "bfloat16"] as const) {
          for (const scale of [1, 2 ** -10]) {
            const results = ["native", "reference"].map((backend) => {
              tf.setBackend(backend);
              const v = tf.variable(tf.randomNormal([size], 0, 1, "float32", 1));
              const s = Array.from({ length: slots }, (_, i) => tf.variable(tf.randomUniform([size], 0, 0.1, "float32", 2 + i)));
              const g = tf.randomNormal([size], 0, 100, "float32", 9).cast(dtype);
              for (let step = 0; step < 2; step++) applyUpdate(name, v, g, s, params, scale);
              return [v, ...s].map((t) => t.bitsSync());
            });
            tf.setBackend(previous);
            results[0]!.forEach((bits, k) => {
              const other = results[1]![k]!;
              for (let i = 0; i < bits.length; i++) {
                const bothNaN = Number.isNaN(bits[i]) && Number.isNaN(other[i]);
                if (bits[i] !== other[i] && !bothNaN)
                  assert.fail(
                    `${name} ${JSON.stringify(params)} ${dtype} scale ${scale} n=${size}: tensor ${k} element ${i}: native bits ${bits[i]} vs reference ${other[i]}`,
                  );
              }
            });
          }
        }
      }
    }
  }
});
