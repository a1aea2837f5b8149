import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import * as metrics from "../../../src/keras/metrics/index.js";
import { assertTensor } from "../../helpers.js";

const scalar = (m: metrics.Metric): number => {
  const r = m.result();
  assert.equal(r.dtype, "float32");
  assert.deepEqual([...r.shape], []);
  return r.dataSync()[0]!;
};

test("Accuracy counts exact matches (Keras's docstring and suite)", () => {
  const m = new metrics.Accuracy();
  assert.equal(m.name, "accuracy");
  m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
  assert.equal(scalar(m), 0.75);
  m.resetState();
  m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0]);
  assert.equal(scalar(m), 0.5);
  // A float32 result: 2/3 rounds to 0.6666666865348816.
  m.resetState();
  m.updateState([1, 2, 3], [1, 2, 4]);
  assert.equal(scalar(m), Math.fround(2 / 3));
  assert.equal(scalar(m), 0.6666666865348816);
  assert.throws(() => m.updateState([1, 2, 3], [1, 2]), /Shapes \[3\] and \[2\] are incompatible/);
});

test("BinaryAccuracy thresholds predictions and averages over the last axis", () => {
  const m = new metrics.BinaryAccuracy();
  m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
  assert.equal(scalar(m), 0.75);
  m.resetState();
  m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1]);
  assert.equal(scalar(m), 0.5);
  // Labels [4] against predictions [4, 1]: squeezed, then one mean over the batch axis.
  m.resetState();
  m.updateState([1, 1, 0, 0], [[0.98], [1], [0], [0.6]]);
  assert.equal(scalar(m), 0.75);
  // Thresholds: a higher threshold misses 0.5 > 0.3 but not > 0.9.
  const low = new metrics.BinaryAccuracy({ threshold: 0.3 });
  const high = new metrics.BinaryAccuracy({ threshold: 0.9 });
  for (const b of [low, high]) b.updateState([[1], [1], [0], [0]], [[0.98], [0.5], [0.1], [0.2]]);
  assert.equal(scalar(low), 1);
  assert.equal(scalar(high), 0.75);
  assert.equal(high.threshold, 0.9);
  assert.deepEqual(high.getConfig(), { name: "binary_accuracy", dtype: "float32", threshold: 0.9 });
  // Multi-label rows: each row scores the fraction of its labels hit.
  assertTensor(metrics.binaryAccuracy([[1, 0, 1, 1]], [[0.7, 0.6, 0.2, 0.9]]), "float32", [1], [0.5]);
  assert.throws(
    () => new metrics.BinaryAccuracy({ threshold: 1.5 }),
    /`threshold` must be a finite number in \[0, 1\] \(option of BinaryAccuracy\)\. Received: threshold=1\.5/,
  );
});

test("CategoricalAccuracy and SparseCategoricalAccuracy compare the argmax", () => {
  const yPred = [
    [0.1, 0.9, 0.8],
    [0.05, 0.95, 0],
  ];
  const cat = new metrics.CategoricalAccuracy();
  cat.updateState(
    [
      [0, 0, 1],
      [0, 1, 0],
    ],
    yPred,
  );
  assert.equal(scalar(cat), 0.5);
  cat.resetState();
  cat.updateState(
    [
      [0, 0, 1],
      [0, 1, 0],
    ],
    yPred,
    [0.7, 0.3],
  );
  assert.equal(scalar(cat), Math.fround(0.3));

  const sparse = new metrics.SparseCategoricalAccuracy();
  assert.equal(sparse.name, "sparse_categorical_accuracy");
  sparse.updateState(
    [[2], [1]],
    [
      [0.1, 0.6, 0.3],
      [0.05, 0.95, 0],
    ],
  );
  assert.equal(scalar(sparse), 0.5);
  sparse.resetState();
  sparse.updateState(
    [[2], [1]],
    [
      [0.1, 0.6, 0.3],
      [0.05, 0.95, 0],
    ],
    [0.7, 0.3],
  );
  assert.equal(scalar(sparse), Math.fround(0.3));
  sparse.resetState();
  sparse.updateState(tf.tensor([2, 1, 0], [3], "int32"), [
    [0, 0, 1],
    [0, 1, 0],
    [1, 0, 0],
  ]);
  assert.equal(scalar(sparse), 1);
  // The functional forms keep the labels' shape.
  assertTensor(
    metrics.sparseCategoricalAccuracy(
      [[2], [1]],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    ),
    "float32",
    [2, 1],
    [0, 1],
  );
  assertTensor(
    metrics.categoricalAccuracy(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      yPred,
    ),
    "float32",
    [2],
    [0, 1],
  );
  // Sequences: labels [batch, time] against predictions [batch, time, classes].
  assertTensor(
    metrics.sparseCategoricalAccuracy(
      [[0, 1]],
      [
        [
          [0.9, 0.1],
          [0.8, 0.2],
        ],
      ],
    ),
    "float32",
    [1, 2],
    [1, 0],
  );
});

test("accuracies of 16-bit predictions are float32 and match the float32 ones", () => {
  const probs = [
    [0.25, 0.5, 0.25],
    [0.125, 0.125, 0.75],
    [0.5, 0.25, 0.25],
  ];
  for (const dtype of ["float16", "bfloat16"] as const) {
    const m = new metrics.SparseCategoricalAccuracy();
    m.updateState([1, 2, 1], tf.tensor(probs, [3, 3], dtype));
    assert.equal(scalar(m), Math.fround(2 / 3), dtype);
    const b = new metrics.BinaryAccuracy();
    b.updateState([[1, 0, 0]], tf.tensor([[0.75, 0.25, 0.5]], [1, 3], dtype));
    assert.equal(scalar(b), 1, dtype);
  }
});

test("top-k accuracies: ties at the boundary count, non-finite rows and bad labels miss", () => {
  const yPred = [
    [0.1, 0.9, 0.8],
    [0.05, 0.95, 0],
  ];
  const top1 = new metrics.TopKCategoricalAccuracy({ k: 1 });
  top1.updateState(
    [
      [0, 0, 1],
      [0, 1, 0],
    ],
    yPred,
  );
  assert.equal(scalar(top1), 0.5);
  top1.resetState();
  top1.updateState(
    [
      [0, 0, 1],
      [0, 1, 0],
    ],
    yPred,
    [0.7, 0.3],
  );
  assert.equal(scalar(top1), Math.fround(0.3));
  const top2 = new metrics.TopKCategoricalAccuracy({ k: 2 });
  top2.updateState(
    [
      [0, 0, 1],
      [0, 0, 1],
    ],
    yPred,
  ); // 0.8 is second in row 0; 0 is last in row 1
  assert.equal(scalar(top2), 0.5);
  assert.equal(new metrics.TopKCategoricalAccuracy().k, 5);

  const sparse1 = new metrics.SparseTopKCategoricalAccuracy({ k: 1 });
  sparse1.updateState([2, 1], yPred);
  assert.equal(scalar(sparse1), 0.5);
  sparse1.resetState();
  sparse1.updateState([[2], [1]], yPred, [0.7, 0.3]);
  assert.equal(scalar(sparse1), Math.fround(0.3));
  // in_top_k: [0.5, 0.5, 0.1] puts both tied classes in the top 1.
  assertTensor(
    metrics.sparseTopKCategoricalAccuracy(
      [0, 1, 2],
      [
        [0.5, 0.5, 0.1],
        [0.5, 0.5, 0.1],
        [0.5, 0.5, 0.1],
      ],
      1,
    ),
    "float32",
    [3],
    [1, 1, 0],
  );
  assertTensor(
    metrics.sparseTopKCategoricalAccuracy(
      [0, 3, -1],
      [
        [0.5, NaN, 0.1],
        [0.2, 0.3, 0.5],
        [0.2, 0.3, 0.5],
      ],
      3,
    ),
    "float32",
    [3],
    [0, 0, 0],
  );
  assertTensor(
    metrics.sparseTopKCategoricalAccuracy(
      [[1], [0]],
      tf.tensor(
        [
          [0.2, 0.8],
          [0.3, 0.7],
        ],
        [2, 2],
        "float16",
      ),
      1,
    ),
    "float32",
    [2, 1],
    [1, 0],
  );
  assert.throws(
    () => new metrics.SparseTopKCategoricalAccuracy({ k: 0 }),
    /`k` must be an integer >= 1 \(option of SparseTopKCategoricalAccuracy\)\. Received: k=0/,
  );
  assert.throws(() => metrics.sparseTopKCategoricalAccuracy([1, 2, 0], yPred), /one label per row of yPred: got yTrue \[3\] and yPred \[2,3\]/);
});

test("accuracy metrics name both shapes on mismatched inputs", () => {
  const sparse = new metrics.SparseCategoricalAccuracy();
  assert.throws(() => sparse.updateState([[0, 1]], [[0.5, 0.5]]), /Can not squeeze dim\[1\], expected a dimension of 1, got 2/);
  assert.throws(() => sparse.updateState([0, 1, 2], [[0.5, 0.5]]), /yTrue \[3\] and yPred \[1,2\]/);
  assert.throws(() => new metrics.CategoricalAccuracy().updateState([[0, 1]], [[0.2, 0.3, 0.5]]), /Shapes \[1,2\] and \[1,3\] are incompatible/);
  assert.throws(() => new metrics.BinaryAccuracy().updateState([[1, 0, 1]], [[0.5, 0.5]]), /Incompatible shapes: \[1,3\] vs\. \[1,2\]/);
  assert.throws(() => sparse.updateState([0], [[0.5, 0.5]], [[1, 2]]), /weights can not be broadcast|Incompatible shapes/);
});
