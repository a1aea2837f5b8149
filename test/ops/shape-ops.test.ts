import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertTensor } from "../helpers.js";

const x = tf.tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

test("reshape infers -1 and rejects size mismatches", () => {
  assertTensor(tf.reshape(x, [3, -1]), "float32", [3, 2], [1, 2, 3, 4, 5, 6]);
  assertTensor(x.reshape([-1]), "float32", [6], [1, 2, 3, 4, 5, 6]);
  assert.throws(() => tf.reshape(x, [4, 2]), /Cannot reshape a tensor with 6 elements to shape \[4,2\] \(8 elements\)/);
  assert.throws(() => tf.reshape(x, [4, -1]), /not divisible by 4/);
  assert.throws(() => tf.reshape(x, [-1, -1]), /at most one -1/);
});

test("reshape shares data and keeps the 16-bit bits", () => {
  const h = tf.tensor([1, 2, 3, 4], [4], "bfloat16");
  const r = h.reshape([2, 2]);
  assert.deepEqual([...r.bitsSync()], [...h.bitsSync()]);
  h.dispose();
  assertTensor(r, "bfloat16", [2, 2], [1, 2, 3, 4]); // the view keeps the buffer alive
});

test("transpose", () => {
  assertTensor(tf.transpose(x), "float32", [3, 2], [1, 4, 2, 5, 3, 6]);
  const t = tf.reshape(tf.range(0, 24), [2, 3, 4]);
  const p = tf.transpose(t, [2, 0, 1]);
  assert.deepEqual([...p.shape], [4, 2, 3]);
  assert.deepEqual((p.arraySync() as number[][][])[1], [
    [1, 5, 9],
    [13, 17, 21],
  ]);
  assert.throws(() => tf.transpose(x, [0, 0]), /must be a permutation of \[0\.\.1\]/);
});

test("expandDims and squeeze", () => {
  assert.deepEqual([...tf.expandDims(x, 1).shape], [2, 1, 3]);
  assert.deepEqual([...tf.expandDims(x, -1).shape], [2, 3, 1]);
  assert.deepEqual([...tf.squeeze(tf.zeros([1, 2, 1])).shape], [2]);
  assert.deepEqual([...tf.squeeze(tf.zeros([1, 2, 1]), 0).shape], [2, 1]);
  assert.throws(() => tf.squeeze(tf.zeros([1, 2]), 1), /its size is 2, not 1/);
});

test("slice and pad", () => {
  assertTensor(tf.slice(x, [0, 1], [2, 2]), "float32", [2, 2], [2, 3, 5, 6]);
  assertTensor(tf.slice(x, [1], [-1]), "float32", [1, 3], [4, 5, 6]);
  assertTensor(tf.slice(x, 1), "float32", [1, 3], [4, 5, 6]);
  assert.throws(() => tf.slice(x, [0, 2], [1, 2]), /Slice out of range on axis 1/);
  assertTensor(
    tf.pad(tf.tensor([[1, 2]]), [
      [1, 0],
      [0, 1],
    ]),
    "float32",
    [2, 3],
    [0, 0, 0, 1, 2, 0],
  );
  assertTensor(tf.pad(tf.tensor([1], [1], "float16"), [[1, 1]]), "float16", [3], [0, 1, 0]);
});

test("concat and stack", () => {
  assertTensor(tf.concat([x, x], 0), "float32", [4, 3], [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
  assertTensor(tf.concat([x, tf.tensor([[7], [8]])], 1), "float32", [2, 4], [1, 2, 3, 7, 4, 5, 6, 8]);
  assertTensor(tf.stack([tf.tensor([1, 2]), tf.tensor([3, 4])]), "float32", [2, 2], [1, 2, 3, 4]);
  assertTensor(tf.stack([tf.tensor([1, 2]), tf.tensor([3, 4])], 1), "float32", [2, 2], [1, 3, 2, 4]);
  assert.throws(() => tf.concat([x, tf.zeros([2, 2])], 0), /tensors\[0\] has shape \[2,3\] but tensors\[1\] has shape \[2,2\]/);
  assert.throws(() => tf.concat([x, tf.zeros([2, 3], "float16")]), /needs tensors of one dtype/);
});

test("gather and oneHot", () => {
  assertTensor(tf.gather(x, [1, 0, 1]), "float32", [3, 3], [4, 5, 6, 1, 2, 3, 4, 5, 6]);
  assertTensor(tf.gather(x, [2, 0], 1), "float32", [2, 2], [3, 1, 6, 4]);
  assertTensor(tf.gather(x, tf.tensor([[0], [1]], [2, 1], "int32")), "float32", [2, 1, 3], [1, 2, 3, 4, 5, 6]);
  assert.throws(() => tf.gather(x, [2]), /index 2 .* out of range \[0, 2\)/);
  assertTensor(tf.oneHot(tf.tensor([0, 2, 5], [3], "int32"), 3), "float32", [3, 3], [1, 0, 0, 0, 0, 1, 0, 0, 0]);
  assertTensor(tf.oneHot(tf.tensor([1], [1], "uint8"), 2, 1, 0, "float16"), "float16", [1, 2], [0, 1]);
});

test("broadcastTo", () => {
  assertTensor(tf.broadcastTo(tf.tensor([1, 2]), [2, 2]), "float32", [2, 2], [1, 2, 1, 2]);
  assertTensor(tf.broadcastTo(tf.tensor([[1], [2]]), [2, 3]), "float32", [2, 3], [1, 1, 1, 2, 2, 2]);
  assert.throws(() => tf.broadcastTo(tf.tensor([1, 2]), [3]), /Cannot broadcast a tensor of shape \[2\] to shape \[3\]/);
});

test("cast rules", () => {
  assertTensor(tf.cast(tf.tensor([65520, 65519.99, 1e-8]), "float16"), "float16", [3], [Infinity, 65504, 0]);
  assertTensor(tf.cast(tf.tensor([1.9, -1.9, NaN, 3e9, -3e9]), "int32"), "int32", [5], [1, -1, 0, 2147483647, -2147483648]);
  assertTensor(tf.cast(tf.tensor([-1, 300, 2.5]), "uint8"), "uint8", [3], [0, 255, 2]);
  assertTensor(tf.cast(tf.tensor([0, 2, NaN]), "bool"), "bool", [3], [0, 1, 1]);
  assertTensor(tf.cast(tf.tensor([1, 2], [2], "float16"), "bfloat16"), "bfloat16", [2], [1, 2]);
  assertTensor(tf.cast(tf.tensor([300], [1], "int32"), "uint8"), "uint8", [1], [44]);
  const t = tf.tensor([1]);
  assert.equal(tf.cast(t, "float32"), t);
});
