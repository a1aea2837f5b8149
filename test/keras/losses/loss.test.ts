import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import type { TensorLike } from "../../../src/ops/creation.js";
import { assertClose, assertTensor } from "../../helpers.js";

test("Loss defaults: Keras's names, sum_over_batch_size, validated reductions", () => {
  const mse = new losses.MeanSquaredError();
  assert.equal(mse.reduction, "sum_over_batch_size");
  assert.deepEqual(mse.getConfig(), { name: "mean_squared_error", reduction: "sum_over_batch_size" });
  const named = new losses.MeanAbsoluteError({ reduction: "sum", name: "mae_1" });
  assert.equal(named.name, "mae_1");
  assert.equal(named.reduction, "sum");
  // "auto" is Keras's default key and means sum_over_batch_size.
  assertClose(new losses.MeanSquaredError({ reduction: "auto" }).apply([[0, 2]], [[2, 2]]).dataSync(), [2]);
  assert.deepEqual([...losses.REDUCTIONS], ["auto", "none", "sum", "sum_over_batch_size"]);
  assert.throws(
    () => new losses.MeanSquaredError({ reduction: "Foo" as never }),
    /Invalid Reduction Key: Foo\. Expected keys are "auto", "none", "sum", "sum_over_batch_size"/,
  );
  assert.throws(() => new losses.MeanSquaredError({ name: "" }), /`name` must be a non-empty string \(option of MeanSquaredError\)\. Received: name=''/);
  assert.throws(() => new losses.MeanSquaredError("sum" as never), /Argument 'options' of MeanSquaredError must be an object, but got: 'sum'/);
});

test("a Loss subclass gets apply() from its call(), and a snake_case default name", () => {
  class AbsoluteDifference extends losses.Loss {
    call(yTrue: TensorLike, yPred: TensorLike) {
      return tf.sub(yPred, yTrue);
    }
  }
  const loss = new AbsoluteDifference();
  assert.equal(loss.name, "absolute_difference");
  assertTensor(loss.apply([1, 2, 3], [2, 4, 9]), "float32", [], [3]);
  assertTensor(new AbsoluteDifference({ reduction: "sum" }).apply([1, 2, 3], [2, 4, 9], [1, 0, 2]), "float32", [], [13]);
  class Broken extends losses.Loss {
    call() {
      return 3 as never;
    }
  }
  assert.throws(() => new Broken().apply([1], [1]), /Broken\.call must return a Tensor, but returned: 3/);
});

test("LossFunctionWrapper squeezes a trailing axis of 1 and is named after its function", () => {
  const seen: number[][] = [];
  function meanDiff(yTrue: tf.Tensor, yPred: tf.Tensor) {
    seen.push([...yTrue.shape], [...yPred.shape]);
    return tf.mean(tf.sub(yPred, yTrue), -1);
  }
  const wrapped = new losses.LossFunctionWrapper(meanDiff);
  assert.equal(wrapped.name, "meanDiff");
  // Labels [3] against predictions [3, 1]: Keras squeezes the predictions.
  assertTensor(wrapped.apply([1, 2, 3], [[2], [2], [5]]), "float32", [], [1]);
  assert.deepEqual(seen, [[3], [3]]);
  assert.throws(() => new losses.LossFunctionWrapper(42 as never), /Argument 'fn' of LossFunctionWrapper must be a function/);
  assert.throws(() => new losses.LossFunctionWrapper(() => "x" as never).apply([1], [1]), /must return a Tensor, but returned: 'x'/);
});

test("sample weights follow Keras's rank rules; an empty batch reduces to 0", () => {
  const mse = new losses.MeanSquaredError({ reduction: "none" });
  const yTrue = tf.zeros([2, 3, 2]);
  const yPred = tf.ones([2, 3, 2]); // per-example losses [2, 3] of 1
  // Weights [2] gain an axis; weights [2, 3, 1] lose one.
  assertTensor(mse.apply(yTrue, yPred, [1, 2]), "float32", [2, 3], [1, 1, 1, 2, 2, 2]);
  assertTensor(mse.apply(yTrue, yPred, tf.tensor([1, 2, 3, 4, 5, 6], [2, 3, 1])), "float32", [2, 3], [1, 2, 3, 4, 5, 6]);
  assert.throws(
    () => mse.apply(yTrue, yPred, tf.ones([2, 3, 2])),
    /sampleWeight of shape \[2,3,2\] has one more axis than the values of shape \[2,3\], so its last axis must be 1/,
  );
  assert.throws(() => mse.apply(yTrue, yPred, "w" as never), /Argument 'sampleWeight' of loss 'mean_squared_error' must be a Tensor/);
  const empty = new losses.MeanSquaredError().apply(tf.zeros([0, 3]), tf.zeros([0, 3]));
  assertTensor(empty, "float32", [], [0]);
});

test("apply() is differentiable with respect to the predictions (float32 and float16)", () => {
  // Sparse CE from logits, mean over the batch: d/dlogits = (softmax - onehot) / N.
  const logits = tf.tensor([
    [2, 1, 0],
    [0, 0, 3],
  ]);
  const labels = [0, 2];
  const tape = new tf.GradientTape();
  tape.watch(logits);
  const loss = tape.record(() => new losses.SparseCategoricalCrossentropy({ fromLogits: true }).apply(labels, logits));
  assert.equal(loss.dtype, "float32");
  const grad = tape.gradient(loss, logits)!;
  const rows = [
    [2, 1, 0],
    [0, 0, 3],
  ];
  const want = rows.flatMap((row, i) => {
    const z = row.reduce((s, v) => s + Math.exp(v), 0);
    return row.map((v, j) => (Math.exp(v) / z - (j === labels[i] ? 1 : 0)) / 2);
  });
  assertTensor(grad, "float32", [2, 3], want, 1e-5, 1e-7);

  // MSE on float16 predictions: the gradient comes back in float16, 2·(p - t) / size.
  const p16 = tf.tensor(
    [
      [1, 2],
      [3, 5],
    ],
    [2, 2],
    "float16",
  );
  const tape16 = new tf.GradientTape();
  tape16.watch(p16);
  const l16 = tape16.record(() =>
    new losses.MeanSquaredError().apply(
      [
        [0, 0],
        [3, 4],
      ],
      p16,
    ),
  );
  assert.equal(l16.dtype, "float32");
  assertClose(l16.dataSync(), [(1 + 4 + 0 + 1) / 4]);
  assertTensor(tape16.gradient(l16, p16)!, "float16", [2, 2], [0.5, 1, 0, 0.5]);

  // Probabilities: the clip passes gradients inside (1e-7, 1 - 1e-7); CE's gradient is -y/p / N.
  const probs = tf.tensor([[0.25, 0.75]]);
  const tapeP = new tf.GradientTape();
  tapeP.watch(probs);
  const lp = tapeP.record(() => losses.categoricalCrossentropy([[0, 1]], probs));
  // With the row normalization p/sum(p) (sum = 1): d/dp_j [-log(p_1 / sum)] = 1/sum - [j = 1]/p_1.
  assertTensor(tapeP.gradient(lp, probs)!, "float32", [1, 2], [1, 1 - 1 / 0.75], 1e-6);
});

test("get() resolves Keras names, camelCase, classes, functions and instances", () => {
  const cases: [string, Function, string][] = [
    ["sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy, "sparse_categorical_crossentropy"],
    ["sparseCategoricalCrossentropy", losses.SparseCategoricalCrossentropy, "sparse_categorical_crossentropy"],
    ["categorical_crossentropy", losses.CategoricalCrossentropy, "categorical_crossentropy"],
    ["binary_crossentropy", losses.BinaryCrossentropy, "binary_crossentropy"],
    ["bce", losses.BinaryCrossentropy, "binary_crossentropy"],
    ["mse", losses.MeanSquaredError, "mean_squared_error"],
    ["mean_squared_error", losses.MeanSquaredError, "mean_squared_error"],
    ["meanSquaredError", losses.MeanSquaredError, "mean_squared_error"],
    ["mae", losses.MeanAbsoluteError, "mean_absolute_error"],
    ["meanAbsoluteError", losses.MeanAbsoluteError, "mean_absolute_error"],
    ["huber", losses.Huber, "huber_loss"],
    ["Huber", losses.Huber, "huber_loss"],
  ];
  for (const [id, cls, name] of cases) {
    const loss = losses.get(id);
    assert.ok(loss instanceof cls, `${id} -> ${loss.constructor.name}`);
    assert.equal(loss.name, name, id);
  }
  const instance = new losses.CategoricalCrossentropy({ fromLogits: true });
  assert.equal(losses.get(instance), instance);
  assert.ok(losses.get(losses.BinaryCrossentropy) instanceof losses.BinaryCrossentropy);
  assert.ok(losses.get(losses.sparseCategoricalCrossentropy) instanceof losses.SparseCategoricalCrossentropy);
  assert.ok(losses.get(losses.mse) instanceof losses.MeanSquaredError);
  const custom = losses.get(function myLoss(t, p) {
    return tf.mean(tf.abs(tf.sub(p, t)), -1);
  });
  assert.ok(custom instanceof losses.LossFunctionWrapper);
  assert.equal(custom.name, "myLoss");
  assertTensor(custom.apply([[0, 0]], [[1, 3]]), "float32", [], [2]);
  assert.throws(
    () => losses.get("abc"),
    (e: Error) => e.name === "ValueError" && e.message === "Could not interpret loss function identifier: abc",
  );
  assert.throws(() => losses.get(0 as never), /Could not interpret loss function identifier: 0/);
});
