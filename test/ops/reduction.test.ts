import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose, assertTensor } from "../helpers.js";

const x = tf.tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

test("sum, mean, prod, max, min over axes with keepDims", () => {
  assertTensor(tf.sum(x), "float32", [], [21]);
  assertTensor(tf.sum(x, 0), "float32", [3], [5, 7, 9]);
  assertTensor(tf.sum(x, 1, true), "float32", [2, 1], [6, 15]);
  assertTensor(tf.sum(x, -1), "float32", [2], [6, 15]);
  assertTensor(tf.mean(x, 0), "float32", [3], [2.5, 3.5, 4.5]);
  assertTensor(tf.prod(x, 1), "float32", [2], [6, 120]);
  assertTensor(tf.max(x, 1), "float32", [2], [3, 6]);
  assertTensor(tf.min(x, [0, 1]), "float32", [], [1]);
  assertTensor(x.sum(0, true), "float32", [1, 3], [5, 7, 9]);
});

test("reductions over non-adjacent axes", () => {
  const t = tf.reshape(tf.range(0, 24), [2, 3, 4]);
  assertTensor(tf.sum(t, [0, 2]), "float32", [3], [60, 92, 124]);
  assertTensor(tf.sum(t, [0, 2], true), "float32", [1, 3, 1], [60, 92, 124]);
  assertTensor(tf.max(t, [0, 2]), "float32", [3], [15, 19, 23]);
});

test("integer and bool reductions", () => {
  assertTensor(tf.sum(tf.tensor([1, 2, 3], [3], "int32")), "int32", [], [6]);
  assertTensor(tf.mean(tf.tensor([1, 2], [2], "int32")), "float32", [], [1.5]);
  assertTensor(tf.sum(tf.tensor([true, true, false])), "int32", [], [2]);
});

test("16-bit sums accumulate in float32 and round once", () => {
  // 4096 ones: float16 accumulation would stall at 2048; float32 accumulation gives 4096.
  assertTensor(tf.sum(tf.ones([4096], "float16")), "float16", [], [4096]);
  assertTensor(tf.sum(tf.ones([4096], "bfloat16")), "bfloat16", [], [4096]);
  // The mean of 8192 values of 30 is 30 even though their sum overflows float16.
  assertTensor(tf.mean(tf.fill([8192], 30, "float16")), "float16", [], [30]);
  assertTensor(tf.sum(tf.fill([8192], 30, "float16")), "float16", [], [Infinity]);
});

test("max and min propagate NaN; empty sums", () => {
  assertClose(tf.max(tf.tensor([1, NaN, 3])).dataSync(), [NaN]);
  assertClose(tf.min(tf.tensor([NaN, 1])).dataSync(), [NaN]);
  assertTensor(tf.sum(tf.zeros([0, 3]), 0), "float32", [3], [0, 0, 0]);
  assertTensor(tf.prod(tf.zeros([2, 0]), 1), "float32", [2], [1, 1]);
  assert.throws(() => tf.max(tf.zeros([0])), /Cannot compute 'max' over an empty axis/);
});

test("argmax, argmin pick the first extreme; allFinite", () => {
  assertTensor(
    tf.argmax(
      tf.tensor([
        [1, 5, 5],
        [7, 2, 7],
      ]),
      1,
    ),
    "int32",
    [2],
    [1, 0],
  );
  assertTensor(
    tf.argmin(
      tf.tensor([
        [1, 5],
        [0, 2],
      ]),
      0,
    ),
    "int32",
    [2],
    [1, 1],
  );
  assertTensor(
    tf.argmin(
      tf.tensor([
        [1, 5],
        [0, 7],
      ]),
      0,
    ),
    "int32",
    [2],
    [1, 0],
  );
  assertTensor(tf.argmax(tf.tensor([1, NaN, 3])), "int32", [], [1]);
  assertTensor(tf.allFinite(tf.tensor([1, 2])), "bool", [], [1]);
  assertTensor(tf.allFinite(tf.tensor([1, Infinity], [2], "float16")), "bool", [], [0]);
  assertTensor(tf.allFinite(tf.tensor([NaN], [1], "bfloat16")), "bool", [], [0]);
  assertTensor(tf.allFinite(tf.tensor([1], [1], "int32")), "bool", [], [1]);
});

test("bad axes are rejected", () => {
  assert.throws(() => tf.sum(x, 2), /Argument 'axis' of 'sum' must be an integer in \[-2, 2\) for a tensor of rank 2, but got: 2/);
  assert.throws(() => tf.sum(x, [0, 0]), /repeated axes/);
  assert.throws(() => tf.argmax(tf.scalar(1)), /rank >= 1/);
});
