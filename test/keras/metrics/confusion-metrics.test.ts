import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as metrics from "../../../src/keras/metrics/index.js";
import { assertClose, assertTensor } from "../../helpers.js";

// Keras's AUC test data: thresholds [0 - 1e-7, 0.5, 1 + 1e-7] give tp = [2, 1, 0],
// fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2]; with weights [1, 2, 3, 4],
// tp = [7, 4, 0], fp = [3, 0, 0], fn = [0, 3, 7], tn = [0, 3, 3].
const Y_TRUE = [0, 0, 1, 1];
const Y_PRED = [0, 0.5, 0.3, 0.9];
const WEIGHTS = [1, 2, 3, 4];

const auc = (options: metrics.AUCOptions, weights?: number[]): number => {
  const m = new metrics.AUC({ numThresholds: 3, ...options });
  const r = weights ? m.apply(Y_TRUE, Y_PRED, weights) : m.apply(Y_TRUE, Y_PRED);
  assert.equal(r.dtype, "float32");
  assert.deepEqual([...r.shape], []);
  return r.dataSync()[0]!;
};

test("Precision and Recall reproduce Keras's docstring and suite", () => {
  const p = new metrics.Precision();
  p.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
  assertTensor(p.result(), "float32", [], [Math.fround(2 / 3)]);
  p.resetState();
  p.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
  assertTensor(p.result(), "float32", [], [1]);
  // Weighted 2-D case: weighted tp = 3 + 4, weighted predicted positives = 1 + 3 + 4 + 2.
  const pw = new metrics.Precision();
  pw.updateState(
    [
      [0, 1, 1, 0],
      [1, 0, 0, 1],
    ],
    [
      [1, 0, 1, 0],
      [1, 0, 1, 0],
    ],
    [
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ],
  );
  assertTensor(pw.result(), "float32", [], [Math.fround(0.7)]);

  const r = new metrics.Recall();
  r.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
  assertTensor(r.result(), "float32", [], [Math.fround(2 / 3)]);
  // Weighted: tp = 3 + 1, actual positives = 2 + 3 + 4 + 1.
  const rw = new metrics.Recall();
  rw.updateState(
    [
      [0, 1, 1, 0],
      [1, 0, 0, 1],
    ],
    [
      [1, 0, 1, 0],
      [0, 1, 0, 1],
    ],
    [
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ],
  );
  assertTensor(rw.result(), "float32", [], [Math.fround(0.4)]);
  // Nothing predicted positive: 0, not NaN.
  const empty = new metrics.Precision();
  empty.updateState([1, 1], [0.1, 0.2]);
  assertTensor(empty.result(), "float32", [], [0]);
});

test("several thresholds give one value each, on the direct and the bucketed paths", () => {
  const p = new metrics.Precision({ thresholds: [0.5, 0.7] });
  p.updateState([0, 1, 1, 0], [1, 0, 0.6, 0]);
  assertTensor(p.result(), "float32", [2], [0.5, 0]);
  assert.deepEqual(p.getConfig(), { name: "precision", dtype: "float32", thresholds: [0.5, 0.7] });
  // [0, 0.5, 1] is evenly spaced, so Keras counts by buckets; a prediction must still
  // exceed the threshold (0 is not positive at 0, 1 is not positive at 1).
  const labels = [1, 1, 0, 1];
  const preds = [0, 0.5, 1, 0.7];
  const even = new metrics.Precision({ thresholds: [0, 0.5, 1] });
  even.updateState(labels, preds);
  assertTensor(even.result(), "float32", [3], [Math.fround(2 / 3), 0.5, 0]);
  const rec = new metrics.Recall({ thresholds: [0, 0.5, 1] });
  rec.updateState(labels, preds);
  assertTensor(rec.result(), "float32", [3], [Math.fround(2 / 3), Math.fround(1 / 3), 0]);
  assert.throws(() => new metrics.Precision({ thresholds: [0.5, 1.5] }), /Threshold values must be in \[0, 1\]\. Received: \[1.5\]/);
  assert.throws(() => new metrics.Recall({ thresholds: "0.5" as never }), /Option 'thresholds' of Recall must be a number or a non-empty array of numbers/);
});

test("AUC on Keras's standard example: ROC 0.75 by interpolation", () => {
  assert.equal(auc({}), 0.75);
  // Default 200 thresholds give the same area on this data.
  const m = new metrics.AUC();
  assert.equal(m.numThresholds, 200);
  m.updateState(Y_TRUE, Y_PRED);
  assertTensor(m.result(), "float32", [], [0.75]);
  // Perfect and reversed rankings.
  assertTensor(new metrics.AUC().apply(Y_TRUE, Y_TRUE), "float32", [], [1]);
  assertTensor(new metrics.AUC().apply([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1]), "float32", [], [1]);
  assertTensor(new metrics.AUC().apply([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]), "float32", [], [0]);
});

test("AUC curves and summation methods with Keras's weighted example", () => {
  const recall1 = 4 / 7;
  assertClose([auc({}, WEIGHTS)], [(1 + recall1) / 2], 1e-6); // ROC interpolation 0.7855
  assertClose([auc({ summationMethod: "majoring" }, WEIGHTS)], [1], 1e-6);
  assertClose([auc({ summationMethod: "minoring" }, WEIGHTS)], [recall1], 1e-6);
  // PR: precision [0.7, 1, 0] over recall [1, 4/7, 0].
  assertClose([auc({ curve: "PR", summationMethod: "majoring" }, WEIGHTS)], [1 * (1 - recall1) + 1 * recall1], 1e-6);
  assertClose([auc({ curve: "PR", summationMethod: "minoring" }, WEIGHTS)], [0.7 * (1 - recall1)], 1e-6);
  // PR interpolation (Davis & Goadrich): slopes [0.5, 1], intercepts [2, 0], ratios [2.5, 1].
  const want = (0.5 * (3 + 2 * Math.log(2.5))) / 7 + 4 / 7;
  assertClose([auc({ curve: "PR" }, WEIGHTS)], [want], 1e-6);
  assert.ok(Math.abs(auc({ curve: "pr" }, WEIGHTS) - (2.416 / 7 + 4 / 7)) < 1e-3);
});

test("AUC accumulates over batches, resets, takes logits, manual thresholds and 16-bit predictions", () => {
  const m = new metrics.AUC({ numThresholds: 3 });
  m.updateState([0, 0], [0, 0.5], [1, 2]);
  m.updateState([1, 1], [0.3, 0.9], [3, 4]);
  assertClose(m.result().dataSync(), [(1 + 4 / 7) / 2], 1e-6);
  assert.equal(m.variables.length, 4);
  m.resetState();
  assertTensor(m.result(), "float32", [], [0]);

  const logits = Y_PRED.map((p) => -Math.log(1 / (p + 1e-12) - 1));
  assertTensor(new metrics.AUC({ numThresholds: 3, fromLogits: true }).apply(Y_TRUE, logits), "float32", [], [0.75]);

  const manual = new metrics.AUC({ thresholds: [0.5] });
  assert.equal(manual.numThresholds, 3);
  assertClose(manual.thresholds, [-1e-7, 0.5, 1 + 1e-7], 0, 1e-12);
  assertTensor(manual.apply(Y_TRUE, Y_PRED), "float32", [], [0.75]);
  // Uneven manual thresholds take the direct comparison path. (fpr, recall) points:
  // (1, 1), (0.5, 1), (0.5, 0.5), (0, 0), (0, 0): trapezoids 0.5 + 0 + 0.125.
  assertTensor(new metrics.AUC({ thresholds: [0.95, 0.2, 0.4] }).apply(Y_TRUE, Y_PRED), "float32", [], [0.625]);

  for (const dtype of ["float16", "bfloat16"] as const) {
    const h = new metrics.AUC();
    h.updateState(Y_TRUE, tf.tensor([0, 0.5, 0.25, 0.875], [4], dtype));
    assertTensor(h.result(), "float32", [], [0.75]);
  }
  // Predictions outside [0, 1] are refused, as tf.keras asserts, with the state unchanged.
  const auc = new metrics.AUC();
  auc.updateState([0, 1], [0.25, 0.75]);
  assert.throws(
    () => auc.updateState([0, 1], [0.5, 50]),
    /predictions must be <= 1: metric 'auc' takes probabilities in \[0, 1\].*yPred holds 50 at flat index 1/,
  );
  assert.throws(() => auc.updateState([0, 1], [-0.5, 0.5]), /predictions must be >= 0: .*yPred holds -0\.5 at flat index 0/);
  assert.throws(() => auc.updateState([0, 1], [0.5, NaN]), /predictions must be >= 0: .*yPred holds NaN at flat index 1/);
  assert.throws(() => new metrics.Precision().updateState([1], [2]), /predictions must be <= 1: metric 'precision' takes/);
  assertTensor(auc.result(), "float32", [], [1]);
  assertTensor(new metrics.AUC({ fromLogits: true }).apply([0, 1], [-50, 50]), "float32", [], [1]);
});

test("AUC validates its options with Keras's messages", () => {
  assert.throws(() => new metrics.AUC({ numThresholds: 1 }), /Argument `num_thresholds` must be an integer > 1\. Received: num_thresholds=1/);
  assert.throws(() => new metrics.AUC({ numThresholds: -1 }), /must be an integer > 1/);
  assert.throws(() => new metrics.AUC({ curve: "Invalid" as never }), /Invalid AUC curve value: "Invalid"\. Expected values are \["PR", "ROC"\]/);
  assert.throws(() => new metrics.AUC({ summationMethod: "Invalid" as never }), /Invalid AUC summation method value: "Invalid"/);
  assert.throws(() => new metrics.AUC().updateState([0, 1, 1], [0.5, 0.5]), /Shapes \[2\] and \[3\] are incompatible/);
  assert.throws(
    () => new metrics.AUC().updateState([0, 1], [0.5, 0.5], [1, 2, 3]),
    /weights can not be broadcast to values\. values\.rank=1\. weights\.rank=1\. values\.shape=\[2\]\. weights\.shape=\[3\]/,
  );
  assert.throws(
    () => new metrics.AUC().updateState([0, 1], [0.5, 0.5], [[1, 2, 3]]),
    /sampleWeight of shape \[1,3\] has one more axis than the values of shape \[2\]/,
  );
  const cfg = new metrics.AUC({ numThresholds: 100, curve: "PR", summationMethod: "majoring", name: "auc_1" }).getConfig();
  assert.deepEqual(cfg, { name: "auc_1", dtype: "float32", numThresholds: 100, curve: "PR", summationMethod: "majoring", fromLogits: false });
});
