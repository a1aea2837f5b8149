import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import { assertClose } from "../../helpers.js";

const ONE_HOT = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
// Keras's losses_test.py: the middle row is unnormalized (sums to 1.99).
const PROBS = [
  [0.9, 0.05, 0.05],
  [0.5, 0.89, 0.6],
  [0.05, 0.01, 0.94],
];
const LOGITS = [
  [8, 1, 1],
  [0, 9, 1],
  [2, 3, 5],
];
// Keras divides each row by its sum before the log.
const PROB_LOSSES = [-Math.log(0.9), -Math.log(0.89 / 1.99), -Math.log(0.94)];
const logSoftmax = (row: number[]): number[] => {
  const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
  return row.map((v) => v - lse);
};
const LOGIT_LOSSES = LOGITS.map((row, i) => -logSoftmax(row)[i]!);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

test("CategoricalCrossentropy reproduces Keras's docstring example", () => {
  const yTrue = [
    [0, 1, 0],
    [0, 0, 1],
  ];
  const yPred = [
    [0.05, 0.95, 0],
    [0.1, 0.8, 0.1],
  ];
  const cce = new losses.CategoricalCrossentropy();
  const want = [-Math.log(0.95), -Math.log(0.1)];
  const out = cce.apply(yTrue, yPred);
  assert.equal(out.dtype, "float32");
  assertClose(out.dataSync(), [mean(want)], 2e-6);
  assertClose(cce.apply(yTrue, yPred, [0.3, 0.7]).dataSync(), [(0.3 * want[0]! + 0.7 * want[1]!) / 2], 2e-6);
  assertClose(new losses.CategoricalCrossentropy({ reduction: "sum" }).apply(yTrue, yPred).dataSync(), [want[0]! + want[1]!], 2e-6);
  assertClose(new losses.CategoricalCrossentropy({ reduction: "none" }).apply(yTrue, yPred).dataSync(), want, 2e-6);
});

test("categorical CE on unnormalized probabilities and logits matches Keras's suite", () => {
  const cce = new losses.CategoricalCrossentropy();
  assertClose(cce.apply(ONE_HOT, PROBS).dataSync(), [mean(PROB_LOSSES)], 2e-6);
  assert.ok(Math.abs(cce.apply(ONE_HOT, PROBS).dataSync()[0]! - 0.3239) < 5e-4);
  assertClose(cce.apply(ONE_HOT, PROBS, 2.3).dataSync(), [2.3 * mean(PROB_LOSSES)], 2e-6);
  const weighted = (1.2 * PROB_LOSSES[0]! + 3.4 * PROB_LOSSES[1]! + 5.6 * PROB_LOSSES[2]!) / 3;
  assertClose(cce.apply(ONE_HOT, PROBS, [[1.2], [3.4], [5.6]]).dataSync(), [weighted], 2e-6);

  const fromLogits = new losses.CategoricalCrossentropy({ fromLogits: true });
  assertClose(fromLogits.apply(ONE_HOT, LOGITS).dataSync(), [mean(LOGIT_LOSSES)], 1e-5);
  assert.ok(Math.abs(fromLogits.apply(ONE_HOT, LOGITS, 2.3).dataSync()[0]! - 0.1317) < 5e-4);
  assert.ok(Math.abs(fromLogits.apply(ONE_HOT, LOGITS, [[1.2], [3.4], [5.6]]).dataSync()[0]! - 0.31829) < 5e-4);
  const none = new losses.CategoricalCrossentropy({ fromLogits: true, reduction: "none" }).apply(ONE_HOT, LOGITS);
  assertClose(none.dataSync(), LOGIT_LOSSES, 1e-5, 2e-6);
});

test("integer one-hot labels and perfect predictions give a loss near 0", () => {
  const yTrue = tf.tensor(ONE_HOT, [3, 3], "int32");
  const probs = new losses.CategoricalCrossentropy().apply(yTrue, ONE_HOT).dataSync()[0]!;
  assert.ok(probs >= 0 && probs < 1e-6, `got ${probs}`);
  const logits = new losses.CategoricalCrossentropy({ fromLogits: true }).apply(
    yTrue,
    ONE_HOT.map((r) => r.map((v) => 10 * v)),
  );
  assertClose(logits.dataSync(), [Math.log(1 + 2 * Math.exp(-10))], 0, 2e-6);
});

test("label smoothing moves labels towards uniform: y·(1 - s) + s / classes", () => {
  // Keras's case: log-softmax of [100, -100, -100] is [0, -200, -200]; the loss is 400·s/3.
  const cce = new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
  assertClose(cce.apply([[1, 0, 0]], [[100, -100, -100]]).dataSync(), [(400 * 0.1) / 3], 1e-6);
  // On probabilities: labels [0.9333, 0.0333, 0.0333] against [0.5, 0.25, 0.25].
  const probs = new losses.CategoricalCrossentropy({ labelSmoothing: 0.1 }).apply([[1, 0, 0]], [[0.5, 0.25, 0.25]]);
  const s = 0.1 / 3;
  assertClose(probs.dataSync(), [-(0.9 + s) * Math.log(0.5) - 2 * s * Math.log(0.25)], 2e-6);
  assert.equal(cce.labelSmoothing, 0.1);
  assert.deepEqual(cce.getConfig(), { name: "categorical_crossentropy", reduction: "sum_over_batch_size", fromLogits: true, labelSmoothing: 0.1 });
});

test("float16 and bfloat16 predictions compute in float32 and give float32 losses", () => {
  const yTrue = [
    [0, 1, 0],
    [0, 0, 1],
  ];
  const probs = [
    [0.25, 0.5, 0.25],
    [0.125, 0.125, 0.75],
  ];
  const cce = new losses.CategoricalCrossentropy({ reduction: "none" });
  const ref = cce.apply(yTrue, probs);
  for (const dtype of ["float16", "bfloat16"] as const) {
    const out = cce.apply(yTrue, tf.tensor(probs, [2, 3], dtype));
    assert.equal(out.dtype, "float32");
    assert.deepEqual(out.dataSync(), ref.dataSync(), dtype);
  }
  assertClose(ref.dataSync(), [-Math.log(0.5), -Math.log(0.75)], 2e-6);
});

test("categorical CE rejects labels whose shape differs from the predictions'", () => {
  const cce = new losses.CategoricalCrossentropy();
  assert.throws(() => cce.apply([[0], [1], [2]], PROBS), /Shapes \[3,1\] and \[3,3\] are incompatible/);
  assert.throws(
    () => cce.apply([[1, 0]], [[0.5, 0.5, 0]]),
    (e: Error) => e.name === "ValueError" && /\[1,2\]/.test(e.message) && /\[1,3\]/.test(e.message),
  );
  assert.throws(
    () => new losses.CategoricalCrossentropy({ labelSmoothing: 1.5 }),
    /`labelSmoothing` must be a finite number in \[0, 1\] \(option of CategoricalCrossentropy\)\. Received: labelSmoothing=1\.5/,
  );
  assert.throws(() => losses.categoricalCrossentropy([1], [1], { axis: 0 } as never), /Keyword argument not understood: 'axis'/);
});
