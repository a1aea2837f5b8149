import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import { assertClose } from "../../helpers.js";

const EPS = 1e-7;
// Keras's backend formula for probabilities, in float64: clip, then log(p + eps) terms.
const bce = (y: number, p: number): number => {
  const c = Math.min(Math.max(p, EPS), 1 - EPS);
  return -(y * Math.log(c + EPS) + (1 - y) * Math.log(1 - c + EPS));
};
const bceLogits = (y: number, x: number): number => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
const rowMeans = (ys: number[][], ps: number[][], f: (y: number, p: number) => number): number[] =>
  ys.map((row, i) => row.reduce((s, y, j) => s + f(y, ps[i]![j]!), 0) / row.length);

test("BinaryCrossentropy reproduces Keras's docstring example", () => {
  const yTrue = [
    [0, 1],
    [0, 0],
  ];
  const yPred = [
    [0.6, 0.4],
    [0.4, 0.6],
  ];
  const per = rowMeans(yTrue, yPred, bce); // [0.916, 0.714]
  const loss = new losses.BinaryCrossentropy();
  const out = loss.apply(yTrue, yPred);
  assert.equal(out.dtype, "float32");
  assertClose(out.dataSync(), [(per[0]! + per[1]!) / 2], 2e-6);
  assert.ok(Math.abs(out.dataSync()[0]! - 0.815) < 5e-4);
  assertClose(loss.apply(yTrue, yPred, [1, 0]).dataSync(), [per[0]! / 2], 2e-6);
  assertClose(new losses.BinaryCrossentropy({ reduction: "sum" }).apply(yTrue, yPred).dataSync(), [per[0]! + per[1]!], 2e-6);
  assertClose(new losses.BinaryCrossentropy({ reduction: "none" }).apply(yTrue, yPred).dataSync(), per, 2e-6);
  // From logits: Keras's docstring value 0.865.
  const logits = new losses.BinaryCrossentropy({ fromLogits: true }).apply([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]);
  assertClose(logits.dataSync(), rowMeans([[0, 1, 0, 0]], [[-18.6, 0.51, 2.94, -12.8]], bceLogits), 2e-6);
  assert.ok(Math.abs(logits.dataSync()[0]! - 0.865) < 5e-4);
});

test("binary CE saturates at the clip bounds exactly as Keras does (losses_test.py)", () => {
  // p = 1 with y = 0 costs -log(1 - (1 - 1e-7) + 1e-7) ≈ 15.33; the reduced loss is 15.33 / 4.
  const yTrue = [
    [1, 0],
    [1, 0],
  ];
  const yPred = [
    [1, 1],
    [1, 0],
  ];
  const loss = new losses.BinaryCrossentropy();
  assert.ok(Math.abs(loss.apply(yTrue, yPred).dataSync()[0]! - 3.833) < 5e-4);
  assert.ok(Math.abs(loss.apply(yTrue, yPred, 2.3).dataSync()[0]! - 8.817) < 5e-4);
  assert.ok(Math.abs(loss.apply(yTrue, yPred, [[1.2], [3.4]]).dataSync()[0]! - 4.6) < 5e-4);
  // In float32, 1 - 1e-7 rounds to 1 - 2^-23, so the saturated term is -log(2^-23 + 1e-7).
  const term = -Math.log(Math.fround(1 - Math.fround(1 - Math.fround(1e-7))) + Math.fround(1e-7));
  assertClose(loss.apply(yTrue, yPred).dataSync(), [term / 4], 1e-5);
});

test("binary CE from logits matches Keras's suite, with weights and reductions", () => {
  const yTrue = [
    [1, 0, 1],
    [0, 1, 1],
  ];
  const logits = [
    [100, -100, 100],
    [100, 100, -100],
  ];
  const loss = new losses.BinaryCrossentropy({ fromLogits: true });
  assertClose(loss.apply(yTrue, logits).dataSync(), [100 / 3], 1e-6);
  assertClose(loss.apply(yTrue, logits, 2.3).dataSync(), [((200 / 3) * 2.3) / 2], 1e-6);
  assertClose(loss.apply(yTrue, logits, tf.tensor([4, 3], [2], "int32")).dataSync(), [100], 1e-6);
  const none = new losses.BinaryCrossentropy({ fromLogits: true, reduction: "none" }).apply(yTrue, logits);
  assertClose(none.dataSync(), [0, 200 / 3], 1e-6, 1e-6);
  // All correct: 0 as probabilities and as logits.
  const eye = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  assert.ok(new losses.BinaryCrossentropy().apply(eye, eye).dataSync()[0]! < 1e-6);
  assert.ok(
    loss
      .apply(
        eye,
        eye.map((r) => r.map((v) => (v ? 100 : -100))),
      )
      .dataSync()[0]! < 1e-6,
  );
});

test("binary label smoothing: y·(1 - s) + s/2", () => {
  const loss = new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
  assertClose(loss.apply([[1, 0, 1]], [[100, -100, -100]]).dataSync(), [(100 + 50 * 0.1) / 3], 1e-6);
  const probs = new losses.BinaryCrossentropy({ labelSmoothing: 0.2 }).apply([[1, 0]], [[0.7, 0.2]]);
  assertClose(probs.dataSync(), [(bce(0.9, 0.7) + bce(0.1, 0.2)) / 2], 2e-6);
  assert.deepEqual(loss.getConfig(), { name: "binary_crossentropy", reduction: "sum_over_batch_size", fromLogits: true, labelSmoothing: 0.1 });
});

test("binary CE squeezes a trailing axis of 1 and averages over the last axis", () => {
  // Labels [N] against predictions [N, 1]: Keras squeezes the predictions, then averages
  // over the (only) axis, so even "none" gives one value.
  const out = new losses.BinaryCrossentropy({ reduction: "none" }).apply([1, 0, 1], [[0.8], [0.3], [0.6]]);
  assert.deepEqual([...out.shape], []);
  assertClose(out.dataSync(), [(bce(1, 0.8) + bce(0, 0.3) + bce(1, 0.6)) / 3], 2e-6);
});

test("float16 and bfloat16 predictions compute in float32 and give float32 losses", () => {
  const yTrue = [
    [0, 1],
    [1, 1],
  ];
  const probs = [
    [0.25, 0.5],
    [0.75, 0.125],
  ];
  for (const fromLogits of [false, true]) {
    const loss = new losses.BinaryCrossentropy({ fromLogits, reduction: "none" });
    const ref = loss.apply(yTrue, probs);
    for (const dtype of ["float16", "bfloat16"] as const) {
      const out = loss.apply(yTrue, tf.tensor(probs, [2, 2], dtype));
      assert.equal(out.dtype, "float32");
      assert.deepEqual(out.dataSync(), ref.dataSync(), `${dtype} fromLogits=${fromLogits}`);
    }
  }
});

test("binary CE names both shapes when they do not broadcast", () => {
  assert.throws(
    () => new losses.BinaryCrossentropy().apply([[1, 0, 1]], [[0.5, 0.5]]),
    /Incompatible shapes: \[1,3\] vs\. \[1,2\]: yTrue of shape \[1,3\] and yPred of shape \[1,2\]/,
  );
  assert.throws(() => losses.binaryCrossentropy(1, 0.5), /rank >= 1/);
});
