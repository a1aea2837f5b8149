import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import * as metrics from "../../../src/keras/metrics/index.js";
import { assertClose, assertTensor } from "../../helpers.js";

test("Mean keeps a weighted running mean in float32 state", () => {
  const m = new metrics.Mean();
  assert.equal(m.name, "mean");
  assert.equal(m.dtype, "float32");
  assertTensor(m.result(), "float32", [], [0]); // divide_no_nan before any value
  m.updateState([1, 2, 3, 4]);
  assertTensor(m.result(), "float32", [], [2.5]);
  m.updateState([5], [4]);
  assertTensor(m.result(), "float32", [], [3.75]);
  const vars = m.variables;
  assert.deepEqual(
    vars.map((v) => v.name),
    ["mean/total", "mean/count"],
  );
  assert.ok(vars.every((v) => !v.trainable && v.dtype === "float32"));
  m.resetState();
  assertTensor(m.result(), "float32", [], [0]);
  // Keras's docstring: [1, 3, 5, 7] -> 4; with weights [1, 1, 0, 0] -> 2.
  m.updateState([1, 3, 5, 7]);
  assertTensor(m.result(), "float32", [], [4]);
  m.resetState();
  m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
  assertTensor(m.result(), "float32", [], [2]);
});

test("Mean applies Keras's sample-weight rules (metrics_test.py sequence)", () => {
  const m = new metrics.Mean();
  let total = 0;
  let count = 0;
  const step = (values: tf.TensorValues, weight: tf.TensorValues, dTotal: number, dCount: number) => {
    total += dTotal;
    count += dCount;
    assertClose(m.apply(values, weight).dataSync(), [total / count], 1e-6, 0, JSON.stringify(values));
  };
  step(100, 0.5, 50, 0.5); // scalar weight
  step([1, 5], [1, 0.2], 2, 1.2); // same rank
  step([1, 2], 0.5, 1.5, 1); // weight broadcast
  step([1, 5], [[1], [0.2]], 2, 1.2); // weight squeezed
  step([[1], [5]], [1, 0.2], 2, 1.2); // weight expanded
  // Weights of lower rank that do not broadcast: the values are averaged over their extra axes.
  step(
    [
      [
        [1, 2],
        [3, 2],
        [0.5, 4],
      ],
    ],
    [0.5],
    (12.5 / 6) * 0.5,
    0.5,
  );
  assert.ok(Math.abs(m.result().dataSync()[0]! - 10.45) < 5e-3);
});

test("metric state is float32: Keras's float32 results, not float64 ones", () => {
  const m = new metrics.Mean();
  m.updateState(16777216);
  m.updateState(1); // 2^24 + 1 is not a float32: the total stays 2^24
  assertTensor(m.result(), "float32", [], [8388608]);
  const s = new metrics.Sum();
  s.updateState([0.1, 0.2]);
  assertTensor(s.result(), "float32", [], [Math.fround(Math.fround(0.1) + Math.fround(0.2))]);
  const third = new metrics.Mean();
  third.updateState([1, 1, 0]);
  assert.equal(third.result().dataSync()[0], Math.fround(2 / 3));
});

test("Sum accumulates weighted values; results are snapshots", () => {
  const s = new metrics.Sum({ name: "total_loss" });
  assert.equal(s.name, "total_loss");
  s.updateState([1, 3, 5, 7]);
  const first = s.result();
  assertTensor(first, "float32", [], [16]);
  s.updateState(
    [
      [1, 2],
      [3, 4],
    ],
    [[1], [0]],
  );
  assertTensor(s.result(), "float32", [], [19]);
  assertTensor(first, "float32", [], [16]);
  // Values of higher rank than non-broadcastable weights are summed over the extra axes.
  s.resetState();
  s.updateState(
    [
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [2],
  );
  assertTensor(s.result(), "float32", [], [20]);
});

test("16-bit values accumulate in float32", () => {
  const m = new metrics.Mean();
  m.updateState(tf.tensor([60000, 60000, 2049], [3], "float16"));
  // A float16 sum would overflow; the float32 total is exact (2049 is not a float16: 2048).
  assertTensor(m.result(), "float32", [], [Math.fround((60000 + 60000 + 2048) / 3)]);
  const b = new metrics.Sum();
  b.updateState(tf.tensor([1.5, 256], [2], "bfloat16"));
  assertTensor(b.result(), "float32", [], [257.5]);
});

test("MeanMetricWrapper averages a per-example function over examples", () => {
  const m = new metrics.MeanMetricWrapper(losses.meanSquaredError, { name: "mse" });
  assert.equal(m.name, "mse");
  m.updateState(
    [
      [0, 1],
      [0, 0],
    ],
    [
      [1, 1],
      [1, 0],
    ],
  );
  assertTensor(m.result(), "float32", [], [0.5]);
  m.updateState([[0, 0]], tf.tensor([[2, 2]], [1, 2], "float16"), [2]);
  assertTensor(m.result(), "float32", [], [(0.5 + 0.5 + 8) / 4]);
  const named = new metrics.MeanMetricWrapper(function rmsLike(t, p) {
    return tf.abs(tf.sub(p, t));
  });
  assert.equal(named.name, "rmsLike");
  // Labels [3] and predictions [3, 1]: squeezed to [3] before the function.
  named.updateState([1, 2, 3], [[1], [4], [3]]);
  assertClose(named.result().dataSync(), [2 / 3], 1e-7);
});

test("reduction metrics validate their arguments", () => {
  const m = new metrics.Mean();
  assert.throws(() => m.updateState("x" as never), /Argument 'values' of metric 'mean' must be a Tensor/);
  assert.throws(
    () =>
      m.updateState(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    /Incompatible shapes: \[2,3\] vs\. \[2,2\]: values of shape \[2,3\] and sampleWeight of shape \[2,2\]/,
  );
  assert.throws(
    () => new metrics.Mean({ nam: "x" } as never),
    /Keyword argument not understood: 'nam' is not an option of Mean; did you mean 'name'\? Valid options are: name$/,
  );
  assert.throws(() => new metrics.MeanMetricWrapper(null as never), /Argument 'fn' of MeanMetricWrapper must be a function/);
  assert.throws(() => new metrics.MeanMetricWrapper(() => 1 as never).updateState([1], [1]), /must return a Tensor, but returned: 1/);
  // A failed update leaves the state untouched.
  m.updateState([2]);
  assert.throws(
    () => m.updateState([1, 2], [1, 2, 3]),
    /Incompatible shapes: \[2\] vs\. \[3\]: values of shape \[2\] and sampleWeight of shape \[3\] do not broadcast in metric 'mean'/,
  );
  assertTensor(m.result(), "float32", [], [2]);
});
