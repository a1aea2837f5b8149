import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import { assertClose } from "../../helpers.js";

// Keras's docstring example; TensorFlow prints these float32 results.
const DOC_TRUE = [1, 2];
const DOC_PRED = [
  [0.05, 0.95, 0],
  [0.1, 0.8, 0.1],
];
// Keras's losses_test.py example: unnormalized probabilities and logits.
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
// Per example, in float64: log(sum p) - log(p[label]) (Keras feeds log(p) to the fused softmax op).
const PROB_LOSSES = [-Math.log(0.9), Math.log(1.99 / 0.89), -Math.log(0.94)];
const logsumexp = (row: number[]): number => Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
const LOGIT_LOSSES = LOGITS.map((row, i) => logsumexp(row) - row[i]!);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

test("SparseCategoricalCrossentropy reproduces TensorFlow's float32 results (docstring example)", () => {
  const scce = new losses.SparseCategoricalCrossentropy();
  const auto = scce.apply(DOC_TRUE, DOC_PRED);
  assert.equal(auto.dtype, "float32");
  assert.deepEqual([...auto.shape], []);
  assertClose(auto.dataSync(), [1.1769392], 1e-7);
  assertClose(scce.apply(DOC_TRUE, DOC_PRED, [0.3, 0.7]).dataSync(), [0.8135988], 1e-7);
  assertClose(new losses.SparseCategoricalCrossentropy({ reduction: "sum" }).apply(DOC_TRUE, DOC_PRED).dataSync(), [2.3538785], 1e-7);
  const none = new losses.SparseCategoricalCrossentropy({ reduction: "none" }).apply(DOC_TRUE, DOC_PRED);
  assert.deepEqual([...none.shape], [2]);
  assertClose(none.dataSync(), [0.05129344, 2.3025851], 1e-7);
});

test("sparse CE on unnormalized probabilities and logits matches Keras's suite", () => {
  const yTrue = tf.tensor([0, 1, 2], [3], "int32");
  const scce = new losses.SparseCategoricalCrossentropy();
  assertClose(scce.apply(yTrue, PROBS).dataSync(), [mean(PROB_LOSSES)], 2e-6);
  assert.ok(Math.abs(scce.apply(yTrue, PROBS).dataSync()[0]! - 0.3239) < 5e-4);
  // Labels of shape [N, 1] and a scalar weight.
  assertClose(scce.apply([[0], [1], [2]], PROBS, 2.3).dataSync(), [2.3 * mean(PROB_LOSSES)], 2e-6);
  // Per-example weights of shape [N, 1]: the sum over the batch size.
  const weighted = (PROB_LOSSES[0]! * 1.2 + PROB_LOSSES[1]! * 3.4 + PROB_LOSSES[2]! * 5.6) / 3;
  assertClose(scce.apply([[0], [1], [2]], PROBS, [[1.2], [3.4], [5.6]]).dataSync(), [weighted], 2e-6);

  const fromLogits = new losses.SparseCategoricalCrossentropy({ fromLogits: true });
  assertClose(fromLogits.apply(yTrue, LOGITS).dataSync(), [mean(LOGIT_LOSSES)], 1e-5);
  assert.ok(Math.abs(fromLogits.apply(yTrue, LOGITS).dataSync()[0]! - 0.0573) < 5e-4);
  const noReduction = new losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "none" });
  // logsumexp(x) - x[label] in float32 carries an absolute error of about ulp(9) ≈ 1e-6.
  assertClose(noReduction.apply([[0], [1], [2]], LOGITS).dataSync(), LOGIT_LOSSES, 1e-5, 2e-6);
  assertClose(noReduction.apply(yTrue, LOGITS).dataSync(), [0.001822, 0.000459, 0.169846], 0, 1e-6);
});

test("perfect predictions give a loss near 0, as probabilities and as logits", () => {
  const yTrue = [[0], [1], [2]];
  const eye = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const probs = new losses.SparseCategoricalCrossentropy().apply(yTrue, eye).dataSync()[0]!;
  // Clipping to [1e-7, 1 - 1e-7] keeps it finite and small: log(1 + 2e-7) + 1.2e-7.
  assert.ok(probs > 0 && probs < 1e-6, `got ${probs}`);
  const logits = new losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply(
    yTrue,
    eye.map((r) => r.map((v) => 10 * v)),
  );
  assertClose(logits.dataSync(), [Math.log(1 + 2 * Math.exp(-10))], 0, 2e-6);
});

test("the functional form gives per-example losses for rank-3 predictions and [.., 1] labels", () => {
  const probs = tf.tensor([0.1, 0.9, 0.1, 0.9, 0.9, 0.1, 0.5, 0.5], [2, 2, 2]);
  const want = [-Math.log(0.9), -Math.log(0.9), -Math.log(0.9), -Math.log(0.5)];
  const direct = losses.sparseCategoricalCrossentropy(
    [
      [1, 1],
      [0, 1],
    ],
    probs,
  );
  assert.deepEqual([...direct.shape], [2, 2]);
  assertClose(direct.dataSync(), want, 2e-6);
  const trailing = losses.sparseCategoricalCrossentropy(tf.tensor([1, 1, 0, 1], [2, 2, 1]), probs);
  assert.deepEqual([...trailing.shape], [2, 2]);
  assertClose(trailing.dataSync(), want, 2e-6);
});

test("float16 and bfloat16 predictions compute in float32 and give float32 losses", () => {
  // Values exact in both 16-bit formats, so the float32 result is the reference.
  const probs = [
    [0.25, 0.5, 0.25],
    [0.125, 0.125, 0.75],
  ];
  const logits = [
    [2, -1, 0.5],
    [-3, 4, 1],
  ];
  for (const fromLogits of [false, true]) {
    const scce = new losses.SparseCategoricalCrossentropy({ fromLogits, reduction: "none" });
    const values = fromLogits ? logits : probs;
    const ref = scce.apply([1, 2], tf.tensor(values, [2, 3], "float32"));
    for (const dtype of ["float16", "bfloat16"] as const) {
      const out = scce.apply([1, 2], tf.tensor(values, [2, 3], dtype));
      assert.equal(out.dtype, "float32");
      assert.deepEqual(out.dataSync(), ref.dataSync(), `${dtype} fromLogits=${fromLogits}`);
    }
  }
  assertClose(
    new losses.SparseCategoricalCrossentropy({ reduction: "none" }).apply([1, 2], tf.tensor(probs, [2, 3], "float16")).dataSync(),
    [-Math.log(0.5), -Math.log(0.75)],
    2e-6,
  );
});

test("labels beyond float16's integers stay exact (Keras issue 15012)", () => {
  const pred = tf.zeros([2, 2050]).dataSync();
  pred[0] = 1;
  pred[2050 + 2049] = 1;
  const loss = new losses.SparseCategoricalCrossentropy().apply([0, 2049], tf.tensor(pred, [2, 2050], "float16"));
  assert.equal(loss.dtype, "float32");
  // log(1 + 2049·1e-7) ≈ 2.05e-4; a label rounded to 2048 would give ~16.
  assert.ok(loss.dataSync()[0]! < 1e-3, `got ${loss.dataSync()[0]}`);
});

test("sparse CE rejects out-of-range labels and mismatched shapes with Keras's texts", () => {
  const scce = new losses.SparseCategoricalCrossentropy();
  assert.throws(() => scce.apply([0, 3], DOC_PRED), /Received a label value of 3 which is outside the valid range of \[0, 3\)/);
  assert.throws(() => scce.apply([-1, 0], DOC_PRED), /Received a label value of -1/);
  assert.throws(
    () => scce.apply([0, 1, 2], DOC_PRED),
    (e: Error) => e.name === "ValueError" && /labels shape \[3\]/.test(e.message) && /logits shape \[2,3\]/.test(e.message),
  );
  assert.throws(() => scce.apply([[0, 1, 2]], DOC_PRED), /yTrue of shape yPred.shape\[:-1\] \(\[2\]\)/);
  assert.throws(() => losses.sparseCategoricalCrossentropy(1, 0.5), /class axis/);
  assert.throws(() => scce.apply("a" as never, DOC_PRED), /Argument 'yTrue'/);
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy({ from_logits: true } as never),
    /Keyword argument not understood: 'from_logits' is not an option of SparseCategoricalCrossentropy; did you mean 'fromLogits'\?/,
  );
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy({ fromLogits: 1 as never }),
    /`fromLogits` must be a boolean \(option of SparseCategoricalCrossentropy\)\. Received: fromLogits=1/,
  );
});

test("SparseCategoricalCrossentropy config", () => {
  const scce = new losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "sum", name: "scc" });
  assert.equal(scce.name, "scc");
  assert.equal(scce.reduction, "sum");
  assert.deepEqual(scce.getConfig(), { name: "scc", reduction: "sum", fromLogits: true });
  const d = new losses.SparseCategoricalCrossentropy();
  assert.deepEqual(d.getConfig(), { name: "sparse_categorical_crossentropy", reduction: "sum_over_batch_size", fromLogits: false });
});
