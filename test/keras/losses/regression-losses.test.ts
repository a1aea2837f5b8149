import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import { assertClose } from "../../helpers.js";

// Keras's losses_test.py data: squared errors [9, 1, 100, 169, 9, 9], absolute [3, 1, 10, 13, 3, 3].
const Y_TRUE = tf.tensor([1, 9, 2, -5, -2, 6], [2, 3], "int32");
const Y_PRED = tf.tensor([4, 8, 12, 8, 1, 3], [2, 3]);

test("MeanSquaredError matches Keras's suite for every weighting and reduction", () => {
  const mse = new losses.MeanSquaredError();
  assert.equal(mse.name, "mean_squared_error");
  assertClose(mse.apply(Y_TRUE, Y_PRED).dataSync(), [49.5], 1e-7);
  assertClose(mse.apply(Y_TRUE, Y_PRED, 2.3).dataSync(), [113.85], 1e-6);
  // Per-example weights [2, 1]: (110/3·1.2 + 187/3·3.4) / 2 = 767.8 / 6.
  assertClose(mse.apply(Y_TRUE, Y_PRED, tf.tensor([1.2, 3.4], [2, 1])).dataSync(), [767.8 / 6], 1e-6);
  assertClose(mse.apply(Y_TRUE, Y_PRED, 0).dataSync(), [0]);
  // Per-timestep weights [2, 3] on [2, 3, 1] data (the losses are [2, 3]).
  const t3 = tf.reshape(Y_TRUE, [2, 3, 1]);
  const p3 = tf.reshape(Y_PRED, [2, 3, 1]);
  assertClose(mse.apply(t3, p3, tf.tensor([3, 6, 5, 0, 4, 2], [2, 3])).dataSync(), [587 / 6], 1e-6);
  const none = new losses.MeanSquaredError({ reduction: "none" }).apply(Y_TRUE, Y_PRED, 2.3);
  assert.deepEqual([...none.shape], [2]);
  assertClose(none.dataSync(), [(110 / 3) * 2.3, (187 / 3) * 2.3], 1e-6);
  assertClose(new losses.MeanSquaredError({ reduction: "sum" }).apply(Y_TRUE, Y_PRED, 2.3).dataSync(), [227.7], 1e-6);
  // Keras's docstring example.
  const yt = [
    [0, 1],
    [0, 0],
  ];
  const yp = [
    [1, 1],
    [1, 0],
  ];
  assertClose(mse.apply(yt, yp).dataSync(), [0.5]);
  assertClose(mse.apply(yt, yp, [0.7, 0.3]).dataSync(), [0.25], 1e-7);
});

test("MeanAbsoluteError matches Keras's suite", () => {
  const mae = new losses.MeanAbsoluteError();
  assertClose(mae.apply(Y_TRUE, Y_PRED).dataSync(), [5.5], 1e-7);
  assertClose(mae.apply(Y_TRUE, Y_PRED, 2.3).dataSync(), [12.65], 1e-6);
  assertClose(mae.apply(Y_TRUE, Y_PRED, tf.tensor([1.2, 3.4], [2, 1])).dataSync(), [81.4 / 6], 1e-6);
  const t3 = tf.reshape(Y_TRUE, [2, 3, 1]);
  const p3 = tf.reshape(Y_PRED, [2, 3, 1]);
  assertClose(mae.apply(t3, p3, tf.tensor([3, 6, 5, 0, 4, 2], [2, 3])).dataSync(), [83 / 6], 1e-6);
  assertClose(new losses.MeanAbsoluteError({ reduction: "none" }).apply(Y_TRUE, Y_PRED, 2.3).dataSync(), [(14 / 3) * 2.3, (19 / 3) * 2.3], 1e-6);
  assertClose(new losses.MeanAbsoluteError({ reduction: "sum" }).apply(Y_TRUE, Y_PRED, 2.3).dataSync(), [25.3], 1e-6);
});

test("Huber is quadratic up to delta and linear beyond, averaged over the last axis", () => {
  const huber64 = (t: number, p: number, delta = 1): number => {
    const e = Math.abs(p - t);
    return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
  };
  const yTrue = [
    [1, 0, 1],
    [1, 0, 0],
  ];
  const yPred = [
    [0.9, 0.2, 0.2],
    [0.8, 0.4, 0.6],
  ];
  const per = (delta: number) => yTrue.map((row, i) => row.reduce((s, t, j) => s + huber64(t, yPred[i]![j]!, delta), 0) / 3);
  const h = new losses.Huber();
  assert.equal(h.name, "huber_loss");
  assertClose(h.apply(yTrue, yPred).dataSync(), [(per(1)[0]! + per(1)[1]!) / 2], 2e-6);
  assertClose(h.apply(yTrue, yPred, [[1.2], [3.4]]).dataSync(), [(1.2 * per(1)[0]! + 3.4 * per(1)[1]!) / 2], 2e-6);
  const h08 = new losses.Huber({ delta: 0.8 });
  assertClose(h08.apply(yTrue, yPred, 2.3).dataSync(), [(2.3 * (per(0.8)[0]! + per(0.8)[1]!)) / 2], 2e-6);
  assert.deepEqual(h08.getConfig(), { name: "huber_loss", reduction: "sum_over_batch_size", delta: 0.8 });
  // The linear branch: errors 0.5 and 3 give (0.125 + 2.5) / 2.
  assertClose(losses.huber([[0, 0]], [[0.5, 3]]).dataSync(), [1.3125]);
  assertClose(losses.huber([[0, 0]], [[0.5, 3]], { delta: 2 }).dataSync(), [(0.125 + (6 - 2)) / 2]);
  // Keras's docstring example: 0.155, and [0.18, 0.13] per example.
  const doc = new losses.Huber({ reduction: "none" }).apply(
    [
      [0, 1],
      [0, 0],
    ],
    [
      [0.6, 0.4],
      [0.4, 0.6],
    ],
  );
  assertClose(doc.dataSync(), [0.18, 0.13], 1e-6);
});

test("regression losses compute 16-bit predictions in float32", () => {
  const yTrue = [
    [0, 1],
    [2, 3],
  ];
  const yPred = [
    [0.5, 1.25],
    [-2, 300],
  ];
  for (const Loss of [losses.MeanSquaredError, losses.MeanAbsoluteError, losses.Huber]) {
    const loss = new Loss({ reduction: "none" });
    const ref = loss.apply(yTrue, yPred);
    for (const dtype of ["float16", "bfloat16"] as const) {
      // Both in 16 bits, so nothing but the loss's own cast can lift them to float32.
      const out = loss.apply(tf.tensor(yTrue, [2, 2], dtype), tf.tensor(yPred, [2, 2], dtype));
      assert.equal(out.dtype, "float32");
      assert.deepEqual(out.dataSync(), ref.dataSync(), `${loss.name} ${dtype}`);
    }
  }
  // 297² = 88209 overflows float16 (max 65504): computing in float16 would give inf.
  const big = new losses.MeanSquaredError({ reduction: "none" }).apply(tf.tensor([[3]], [1, 1], "float16"), tf.tensor([[300]], [1, 1], "float16"));
  assertClose(big.dataSync(), [88209]);
});

test("regression losses name both shapes when they do not broadcast, and bad weights", () => {
  const mse = new losses.MeanSquaredError();
  assert.throws(() => mse.apply([[1, 2, 3]], [[1, 2]]), /Incompatible shapes: \[1,3\] vs\. \[1,2\]: yTrue of shape \[1,3\] and yPred of shape \[1,2\]/);
  const t3 = tf.reshape(Y_TRUE, [2, 3, 1]);
  const p3 = tf.reshape(Y_PRED, [2, 3, 1]);
  // Keras's invalid_sample_weight case: losses [2, 3] with weights [2, 2].
  assert.throws(() => mse.apply(t3, p3, tf.tensor([3, 6, 5, 0], [2, 2])), /Incompatible shapes: \[2,3\] vs\. \[2,2\]: sampleWeight of shape \[2,2\]/);
  assert.throws(() => new losses.Huber({ delta: -1 }), /`delta` must be a finite number >= 0 \(option of Huber\)\. Received: delta=-1/);
  assert.throws(() => losses.meanAbsoluteError(1, 2), /rank >= 1/);
});
