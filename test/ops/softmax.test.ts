import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose, assertTensor } from "../helpers.js";

test("softmax and logSoftmax on known values", () => {
  const x = tf.tensor([[1, 2, 3], [0, 0, 0]]);
  const want = [0.0900305732, 0.2447284711, 0.6652409558, 1 / 3, 1 / 3, 1 / 3];
  assertClose(tf.softmax(x).dataSync(), want, 1e-6);
  assertClose(tf.logSoftmax(x).dataSync(), want.map(Math.log), 1e-6);
  assertClose(tf.softmax(x, 0).dataSync(), [0.7310585786, 0.8807970780, 0.9525741268, 0.2689414214, 0.1192029220, 0.0474258732], 1e-6);
});

test("softmax is stable for large logits and float16 inputs", () => {
  assertClose(tf.softmax(tf.tensor([1000, 1000])).dataSync(), [0.5, 0.5]);
  const h = tf.softmax(tf.tensor([60000, 0], [2], "float16"));
  assertTensor(h, "float16", [2], [1, 0]);
  assertClose(tf.logSoftmax(tf.tensor([0, -1e4])).dataSync(), [0, -1e4], 1e-6);
});

test("softmax rejects scalars and bad axes", () => {
  assert.throws(() => tf.softmax(tf.scalar(1)), /rank >= 1/);
  assert.throws(() => tf.softmax(tf.zeros([2]), 1), /must be an integer in \[-1, 1\)/);
});

test("sparseSoftmaxCrossEntropy on known values, any logits dtype, float32 loss", () => {
  const logits = [[1, 2, 3], [0, 0, 0]];
  const want = [Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1, Math.log(3)];
  for (const dtype of ["float32", "float16", "bfloat16", "float64"] as const) {
    const loss = tf.sparseSoftmaxCrossEntropy(tf.tensor([0, 2], [2], "int32"), tf.tensor(logits, [2, 3], dtype));
    assert.equal(loss.dtype, dtype === "float64" ? "float64" : "float32");
    assertClose(loss.dataSync(), want, dtype === "float32" || dtype === "float64" ? 1e-6 : 1e-2);
  }
  const batched = tf.sparseSoftmaxCrossEntropy(tf.tensor([[1], [0]], [2, 1], "uint8"), tf.zeros([2, 1, 4]));
  assert.deepEqual([...batched.shape], [2, 1]);
  assertClose(batched.dataSync(), [Math.log(4), Math.log(4)], 1e-6);
});

test("sparseSoftmaxCrossEntropy rejects out-of-range labels and mismatched shapes", () => {
  assert.throws(
    () => tf.sparseSoftmaxCrossEntropy(tf.tensor([3], [1], "int32"), tf.zeros([1, 3])),
    /Received a label value of 3 which is outside the valid range of \[0, 3\)\./,
  );
  assert.throws(() => tf.sparseSoftmaxCrossEntropy(tf.tensor([0, 1], [2], "int32"), tf.zeros([3, 3])), /labels of shape logits.shape\[:-1\]/);
  assert.throws(() => tf.sparseSoftmaxCrossEntropy(tf.tensor([0.5]), tf.zeros([1, 3])), /must be an int32 or uint8 tensor/);
});
