import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import * as metrics from "../../../src/keras/metrics/index.js";
import { assertTensor } from "../../helpers.js";

test('"accuracy" follows the loss, as compile does, and keeps its name', () => {
  const cases: [losses.LossIdentifier, Function][] = [
    ["sparse_categorical_crossentropy", metrics.SparseCategoricalAccuracy],
    ["sparseCategoricalCrossentropy", metrics.SparseCategoricalAccuracy],
    [new losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics.SparseCategoricalAccuracy],
    [losses.sparseCategoricalCrossentropy, metrics.SparseCategoricalAccuracy],
    ["categorical_crossentropy", metrics.CategoricalAccuracy],
    [new losses.CategoricalCrossentropy(), metrics.CategoricalAccuracy],
    ["binary_crossentropy", metrics.BinaryAccuracy],
    [losses.BinaryCrossentropy, metrics.BinaryAccuracy],
    ["mse", metrics.Accuracy],
  ];
  for (const [hint, cls] of cases) {
    const m = metrics.get("accuracy", hint);
    assert.ok(m instanceof cls, `${String(hint instanceof losses.Loss ? hint.name : hint)} -> ${m.constructor.name}`);
    assert.equal(m.name, "accuracy");
  }
  const acc = metrics.get("acc", "sparse_categorical_crossentropy");
  assert.ok(acc instanceof metrics.SparseCategoricalAccuracy);
  assert.equal(acc.name, "acc");
  // Without a hint, Keras's metrics.get("accuracy") is the exact-match accuracy.
  assert.ok(metrics.get("accuracy") instanceof metrics.Accuracy);
  // It really measures the sparse accuracy: labels [2] against class scores.
  const m = metrics.get("accuracy", "sparse_categorical_crossentropy");
  m.updateState(
    [1, 2, 0],
    [
      [0.1, 0.8, 0.1],
      [0.3, 0.3, 0.4],
      [0.2, 0.7, 0.1],
    ],
  );
  assertTensor(m.result(), "float32", [], [Math.fround(2 / 3)]);
  assert.throws(() => metrics.get("accuracy", "abc"), /Could not interpret loss function identifier: abc/);
});

test("accuracyForShapes resolves like tf.keras 2.x's compile", () => {
  assert.ok(metrics.accuracyForShapes([32], [32, 10]) instanceof metrics.SparseCategoricalAccuracy);
  assert.ok(metrics.accuracyForShapes([32, 1], [32, 10]) instanceof metrics.SparseCategoricalAccuracy);
  assert.ok(metrics.accuracyForShapes([32, 10], [32, 10]) instanceof metrics.CategoricalAccuracy);
  assert.ok(metrics.accuracyForShapes([32, 1], [32, 1]) instanceof metrics.BinaryAccuracy);
  assert.equal(metrics.accuracyForShapes([32], [32, 10], "acc").name, "acc");
});

test("get() resolves Keras names, camelCase, classes and instances", () => {
  const cases: [string, Function, string][] = [
    ["sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy, "sparse_categorical_accuracy"],
    ["sparseCategoricalAccuracy", metrics.SparseCategoricalAccuracy, "sparse_categorical_accuracy"],
    ["categorical_accuracy", metrics.CategoricalAccuracy, "categorical_accuracy"],
    ["binary_accuracy", metrics.BinaryAccuracy, "binary_accuracy"],
    ["top_k_categorical_accuracy", metrics.TopKCategoricalAccuracy, "top_k_categorical_accuracy"],
    ["sparse_top_k_categorical_accuracy", metrics.SparseTopKCategoricalAccuracy, "sparse_top_k_categorical_accuracy"],
    ["auc", metrics.AUC, "auc"],
    ["AUC", metrics.AUC, "auc"],
    ["precision", metrics.Precision, "precision"],
    ["Recall", metrics.Recall, "recall"],
    ["Mean", metrics.Mean, "mean"],
    ["Accuracy", metrics.Accuracy, "accuracy"],
    ["mse", metrics.MeanMetricWrapper, "mse"],
    ["mean_squared_error", metrics.MeanMetricWrapper, "mean_squared_error"],
    ["meanSquaredError", metrics.MeanMetricWrapper, "mean_squared_error"],
    ["mae", metrics.MeanMetricWrapper, "mae"],
  ];
  for (const [id, cls, name] of cases) {
    const m = metrics.get(id);
    assert.ok(m instanceof cls, `${id} -> ${m.constructor.name}`);
    assert.equal(m.name, name, id);
  }
  const auc = new metrics.AUC();
  assert.equal(metrics.get(auc), auc);
  assert.ok(metrics.get(metrics.Precision) instanceof metrics.Precision);
  assert.ok(metrics.get(metrics.binaryAccuracy) instanceof metrics.BinaryAccuracy);
});

test('"mse", loss functions and Loss objects become running means of the loss', () => {
  const mse = metrics.get("mse");
  mse.updateState(
    [
      [0, 1],
      [0, 0],
    ],
    [
      [1, 1],
      [1, 0],
    ],
  );
  mse.updateState([[0, 0]], [[2, 2]]);
  assertTensor(mse.result(), "float32", [], [Math.fround((0.5 + 0.5 + 4) / 3)]);
  const fromLoss = metrics.get(new losses.MeanAbsoluteError({ name: "l1" }));
  assert.equal(fromLoss.name, "l1");
  fromLoss.updateState([[0, 0]], tf.tensor([[1, 3]], [1, 2], "float16"));
  assertTensor(fromLoss.result(), "float32", [], [2]);
  const custom = metrics.get(function maxError(t, p) {
    return tf.max(tf.abs(tf.sub(p, t)), -1);
  });
  assert.equal(custom.name, "maxError");
  custom.updateState(
    [
      [0, 0],
      [1, 1],
    ],
    [
      [1, 3],
      [1, 2],
    ],
  );
  assertTensor(custom.result(), "float32", [], [2]);
});

test("get() rejects unknown identifiers with Keras's texts", () => {
  assert.throws(
    () => metrics.get("abc"),
    (e: Error) => e.name === "ValueError" && e.message.startsWith("Unknown metric function: abc"),
  );
  assert.throws(() => metrics.get(42 as never), /Could not interpret metric identifier: 42/);
  assert.throws(() => metrics.get({} as never), /Could not interpret metric identifier: an Object/);
});

test("MeanSquaredError and MeanAbsoluteError metrics: Keras's classes, running weighted means", () => {
  const mse = new metrics.MeanSquaredError();
  mse.updateState([[0, 1]], [[1, 1]]);
  mse.updateState([[0, 0]], [[2, 2]], [3]);
  // (0.5 · 1 + 4 · 3) / 4
  assert.equal(mse.result().dataSync()[0], 3.125);
  assert.equal(mse.name, "mean_squared_error");
  const mae = metrics.get("mae");
  assert.ok(mae instanceof metrics.MeanAbsoluteError);
  mae.updateState([[0, 1]], [[1, 3]]);
  assert.deepEqual([mae.name, mae.result().dataSync()[0]], ["mae", 1.5]);
});

test("cross-entropy metrics: the running mean of the loss function, with its options", () => {
  const logits = [
    [2, 1, 0],
    [0, 3, 1],
  ];
  const sparse = new metrics.SparseCategoricalCrossentropy({ fromLogits: true });
  sparse.updateState([0, 2], logits);
  const perExample = losses.sparseCategoricalCrossentropy([0, 2], logits, { fromLogits: true }).dataSync();
  assert.equal(sparse.result().dataSync()[0], Math.fround((perExample[0]! + perExample[1]!) / 2));
  const cce = new metrics.CategoricalCrossentropy({ labelSmoothing: 0.2 });
  cce.updateState([[0, 1]], [[0.3, 0.7]]);
  assert.equal(cce.result().dataSync()[0], losses.categoricalCrossentropy([[0, 1]], [[0.3, 0.7]], { labelSmoothing: 0.2 }).dataSync()[0]);
  assert.ok(metrics.get("binary_crossentropy") instanceof metrics.BinaryCrossentropy);
  assert.throws(() => new metrics.CategoricalCrossentropy({ axis: 0 }), /computes over the last axis only \(axis: -1\), but got axis: 0/);
});
