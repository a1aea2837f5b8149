/**
 * Which rows `fit` trains on and which it validates on. The model is a bias-free Dense(1)
 * on one-hot rows, so row i reaches only kernel entry i: after a step, entry i is nonzero
 * exactly when row i was trained, and an untrained row's loss is its target squared.
 * Keras 3's `train_validation_split` keeps the first floor(n · (1 - split)) rows (the
 * float64 product, as Python computes it) for training and validates on the rest.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Dense } from "../../../src/keras/layers/index.js";
import { Sequential } from "../../../src/keras/models/index.js";
import { SGD } from "../../../src/keras/optimizers/index.js";

/** A zero-initialised linear model on one-hot rows of length n, trained with plain SGD. */
function oneHotModel(n: number, learningRate: number): Sequential {
  const model = new Sequential([new Dense(1, { inputShape: [n], useBias: false, kernelInitializer: "zeros" })]);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate }) });
  return model;
}

const kernel = (model: Sequential): number[] => [...(model.getWeights()[0] as tf.Tensor).dataSync()];
const targets = (n: number): tf.Tensor =>
  tf.tensor(
    Array.from({ length: n }, (_, i) => i + 1),
    [n, 1],
  );

test("validationSplit 0.15 of 10 rows: rows 0-7 train (floor of 8.5), rows 8-9 validate", async () => {
  // One batch of the 8 training rows: d(loss)/dw_i = 2(w_i - t_i)/8, so learning rate 4
  // moves each trained w_i from 0 to its target t_i = i + 1 exactly, in one step.
  const model = oneHotModel(10, 4);
  const h = await model.fit(tf.eye(10), targets(10), { validationSplit: 0.15, batchSize: 32, verbose: 0 });
  assert.deepEqual(kernel(model), [1, 2, 3, 4, 5, 6, 7, 8, 0, 0]);
  // The epoch's loss is taken before the step: the mean of t² over rows 0-7 = 204 / 8.
  assert.equal(h.history.loss![0], 25.5);
  // Validated after the step on rows 8 and 9, still at w = 0: (9² + 10²) / 2.
  assert.equal(h.history.val_loss![0], 90.5);
});

test("the split point is Python's floor(n · (1 - split)), edge products included", async () => {
  // n · (1 - split) as float64: 8.5, 3.0000000000000004, 3.5, 7.5 (floor, not ceil or round).
  for (const [n, split, trained] of [
    [10, 0.15, 8],
    [10, 0.7, 3],
    [7, 0.5, 3],
    [10, 0.25, 7],
  ] as const) {
    const model = oneHotModel(n, 1);
    const h = await model.fit(tf.eye(n), targets(n), { validationSplit: split, batchSize: n, verbose: 0 });
    const seen = kernel(model).map((w) => w !== 0);
    assert.deepEqual(
      seen,
      Array.from({ length: n }, (_, i) => i < trained),
      `n=${n} split=${split}: rows trained`,
    );
    const held = Array.from({ length: n - trained }, (_, i) => (trained + i + 1) ** 2);
    // An exact float32 sum of integers, divided once in float32.
    assert.equal(h.history.val_loss![0], Math.fround(held.reduce((a, b) => a + b) / held.length), `n=${n} split=${split}: validation rows`);
  }
  // 10 · (1 - 0.9) is 0.9999999999999998: no training row is left, Keras's error.
  await assert.rejects(
    oneHotModel(10, 1).fit(tf.eye(10), targets(10), { validationSplit: 0.9, verbose: 0 }),
    /Training data contains 10 samples, which is not sufficient to split it into a validation and training set as specified by `validation_split=0\.9`/,
  );
});

test("sample weights are split with the rows: training rows use theirs, validation rows theirs", async () => {
  // Weight 0 on row 3 leaves w_3 at 0; the validation weights 2 and 0.5 make
  // val_loss (2·81 + 0.5·100) / 2 = 106 ("sum_over_batch_size" divides by the row count).
  const model = oneHotModel(10, 4);
  const sampleWeight = tf.tensor([1, 1, 1, 0, 1, 1, 1, 1, 2, 0.5]);
  const h = await model.fit(tf.eye(10), targets(10), { validationSplit: 0.15, sampleWeight, verbose: 0 });
  assert.deepEqual(kernel(model), [1, 2, 3, 0, 5, 6, 7, 8, 0, 0]);
  assert.equal(h.history.loss![0], (204 - 16) / 8);
  assert.equal(h.history.val_loss![0], 106);
});

test("validationData's sample weights weight val_loss; its rows are never trained", async () => {
  // Train on rows 0 and 1 (one batch of 2: learning rate 1 fits them exactly), validate on all four.
  const model = oneHotModel(4, 1);
  const x = tf.eye(4);
  const h = await model.fit(tf.slice(x, [0], [2]), tf.tensor([[1], [2]]), {
    validationData: [x, tf.tensor([[1], [2], [3], [4]]), tf.tensor([1, 1, 4, 0.25])],
    verbose: 0,
  });
  assert.deepEqual(kernel(model), [1, 2, 0, 0]);
  // Rows 0 and 1 are fitted; rows 2 and 3 are untrained: (4·3² + 0.25·4²) / 4 rows.
  assert.equal(h.history.val_loss![0], 10);
});
