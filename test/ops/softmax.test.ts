import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose, assertTensor, unitRoundoff } from "../helpers.js";

/**
 * Relative error allowed for a float32 (or float64) softmax, log-softmax or log-sum-exp
 * over n values: exp and log within 2 units of roundoff each (documented under 1 ulp),
 * n - 1 rounded additions, and a final division or subtraction.
 */
const computed = (n: number, dtype: "float32" | "float64" = "float32"): number => (n + 4) * unitRoundoff[dtype];

/** Softmax of one row in float64. */
function softmax64(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((v) => v / s);
}

test("softmax and logSoftmax on known values, within float32 rounding of the float64 values", () => {
  const x = tf.tensor([
    [1, 2, 3],
    [0, 0, 0],
  ]);
  const want = [...softmax64([1, 2, 3]), ...softmax64([0, 0, 0])];
  assertClose(want, [0.0900305732, 0.2447284711, 0.6652409558, 1 / 3, 1 / 3, 1 / 3], 1e-9); // the float64 values
  assertClose(tf.softmax(x).dataSync(), want, computed(3));
  assertClose(tf.logSoftmax(x).dataSync(), want.map(Math.log), computed(3));
  const columns = [softmax64([1, 0]), softmax64([2, 0]), softmax64([3, 0])];
  assertClose(tf.softmax(x, 0).dataSync(), [...columns.map((c) => c[0]!), ...columns.map((c) => c[1]!)], computed(2));
});

test("16-bit softmax is within one 16-bit rounding of the float64 values (computed in float32, rounded once)", () => {
  const want = [...softmax64([1, 2, 3]), ...softmax64([0, 0, 0])];
  for (const dtype of ["float16", "bfloat16"] as const) {
    const y = tf.softmax(
      tf.tensor(
        [
          [1, 2, 3],
          [0, 0, 0],
        ],
        [2, 3],
        dtype,
      ),
    );
    assert.equal(y.dtype, dtype);
    assertClose(y.dataSync(), want, unitRoundoff[dtype] + computed(3), 0, dtype);
  }
});

test("softmax is stable for large logits and float16 inputs", () => {
  assertClose(tf.softmax(tf.tensor([1000, 1000])).dataSync(), [0.5, 0.5]);
  const h = tf.softmax(tf.tensor([60000, 0], [2], "float16"));
  assertTensor(h, "float16", [2], [1, 0]);
  // e^-10000 is 0 in float32, so both results are exact.
  assertTensor(tf.logSoftmax(tf.tensor([0, -1e4])), "float32", [2], [0, -1e4]);
});

test("softmax rejects scalars and bad axes", () => {
  assert.throws(() => tf.softmax(tf.scalar(1)), /rank >= 1/);
  assert.throws(() => tf.softmax(tf.zeros([2]), 1), /must be an integer in \[-1, 1\)/);
});

test("sparseSoftmaxCrossEntropy on known values, any logits dtype, float32 loss", () => {
  const logits = [
    [1, 2, 3],
    [0, 0, 0],
  ];
  const want = [Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1, Math.log(3)];
  for (const dtype of ["float32", "float16", "bfloat16", "float64"] as const) {
    const loss = tf.sparseSoftmaxCrossEntropy(tf.tensor([0, 2], [2], "int32"), tf.tensor(logits, [2, 3], dtype));
    assert.equal(loss.dtype, dtype === "float64" ? "float64" : "float32");
    // 16-bit logits of small integers are exact, and the loss is computed in float32 from
    // them: float32 accuracy, not 16-bit.
    assertClose(loss.dataSync(), want, computed(3, dtype === "float64" ? "float64" : "float32"), 0, dtype);
  }
  const batched = tf.sparseSoftmaxCrossEntropy(tf.tensor([[1], [0]], [2, 1], "uint8"), tf.zeros([2, 1, 4]));
  assert.deepEqual([...batched.shape], [2, 1]);
  assertClose(batched.dataSync(), [Math.log(4), Math.log(4)], computed(4));
});

test("sparseSoftmaxCrossEntropy rejects out-of-range labels and mismatched shapes", () => {
  assert.throws(
    () => tf.sparseSoftmaxCrossEntropy(tf.tensor([3], [1], "int32"), tf.zeros([1, 3])),
    /Received a label value of 3 which is outside the valid range of \[0, 3\)\./,
  );
  assert.throws(() => tf.sparseSoftmaxCrossEntropy(tf.tensor([0, 1], [2], "int32"), tf.zeros([3, 3])), /labels of shape logits.shape\[:-1\]/);
  assert.throws(() => tf.sparseSoftmaxCrossEntropy(tf.tensor([0.5]), tf.zeros([1, 3])), /must be an int32 or uint8 tensor/);
});
