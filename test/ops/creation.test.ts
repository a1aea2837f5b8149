import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertTensor } from "../helpers.js";

test("tensor infers shape and dtype from nested arrays", () => {
  const t = tf.tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assertTensor(t, "float32", [2, 3], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.arraySync(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(tf.tensor([true, false]).dtype, "bool");
  assert.deepEqual(tf.tensor([true, false]).arraySync(), [true, false]);
  assert.equal(tf.tensor(new Int32Array([1, 2])).dtype, "int32");
  assert.equal(tf.tensor(new Float64Array([1, 2])).dtype, "float64");
  assert.equal(tf.tensor(new Uint8Array([1, 2])).dtype, "uint8");
});

test("tensor with explicit shape and dtype rounds values to the dtype", () => {
  const t = tf.tensor([1, 2, 3, 4], [2, 2], "float16");
  assertTensor(t, "float16", [2, 2], [1, 2, 3, 4]);
  assert.deepEqual([...t.bitsSync()], [0x3c00, 0x4000, 0x4200, 0x4400]);
  assertTensor(tf.tensor([0.1], [1], "bfloat16"), "bfloat16", [1], [0.10009765625]);
  assertTensor(tf.tensor([65519.99, 65520], [2], "float16"), "float16", [2], [65504, Infinity]);
  assertTensor(tf.tensor([1.7, -1.7], [2], "int32"), "int32", [2], [1, -1]);
  // a single value fills the given shape, as in TensorFlow.js
  assertTensor(tf.tensor(3, [2]), "float32", [2], [3, 3]);
});

test("tensor rejects ragged arrays, size mismatches and bad dtypes", () => {
  assert.throws(() => tf.tensor([[1, 2], [3]]), /values\[1\] should have 2 elements, but has 1/);
  assert.throws(() => tf.tensor([1, 2, 3], [2, 2]), /Based on the provided shape, \[2,2\], the tensor should have 4 values but has 3/);
  assert.throws(
    () => tf.tensor([1], [1], "half" as never),
    /Argument 'dtype' must be one of 'bool', 'uint8', 'int32', 'float16', 'bfloat16', 'float32', 'float64', but got: 'half'/,
  );
  assert.throws(() => tf.tensor(["a"] as never), /must hold numbers or booleans/);
});

test("scalar, zeros, ones, fill, zerosLike, onesLike", () => {
  assertTensor(tf.scalar(256, "float16"), "float16", [], [256]);
  assertTensor(tf.zeros([2, 2], "bfloat16"), "bfloat16", [2, 2], [0, 0, 0, 0]);
  assertTensor(tf.ones([3], "int32"), "int32", [3], [1, 1, 1]);
  assertTensor(tf.fill([2], 7.5), "float32", [2], [7.5, 7.5]);
  assertTensor(tf.fill([2], true), "bool", [2], [1, 1]);
  const x = tf.tensor([1, 2], [2], "float16");
  assertTensor(tf.zerosLike(x), "float16", [2], [0, 0]);
  assertTensor(tf.onesLike(x), "float16", [2], [1, 1]);
  assert.throws(() => tf.zeros([-1]), /Argument 'shape' must be an array of non-negative integers, but got: \[-1\]/);
});

test("range and eye", () => {
  assertTensor(tf.range(0, 5, 2), "float32", [3], [0, 2, 4]);
  assertTensor(tf.range(5, 0, -2, "int32"), "int32", [3], [5, 3, 1]);
  assertTensor(tf.range(0, 0), "float32", [0], []);
  assert.throws(() => tf.range(0, 1, 0), /'step' of range must not be 0/);
  assertTensor(tf.eye(2), "float32", [2, 2], [1, 0, 0, 1]);
  assertTensor(tf.eye(2, 3, [2], "float16"), "float16", [2, 2, 3], [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0]);
});

test("dataSync returns a copy and arraySync nests", () => {
  const t = tf.tensor([1, 2]);
  const d = t.dataSync();
  d[0] = 100;
  assert.equal(t.dataSync()[0], 1);
  assert.deepEqual(tf.tensor(5).arraySync(), 5);
  assert.match(String(tf.tensor([1, 2])), /Tensor\(\[1,2\], shape=\[2\], dtype=float32\)/);
});

test("reading a disposed tensor throws", async () => {
  const t = tf.tensor([1, 2, 3]);
  t.dispose();
  assert.equal(t.isDisposed, true);
  assert.throws(() => t.dataSync(), /Tensor is disposed: a float32 tensor of shape \[3\]/);
  assert.throws(() => tf.add(t, 1), {
    name: "DisposedTensorError",
    message: /^Tensor is disposed: a float32 tensor of shape \[3\] was freed with dispose\(\)/,
  });
  t.dispose(); // idempotent
});

test("numbers convert to each dtype by cast's rule: integers saturate, never wrap", () => {
  const big = [3e9, -3e9, 300, -1.7, 2.9, NaN, Infinity, -Infinity];
  assert.deepEqual(Array.from(tf.tensor(big, [8], "int32").dataSync()), [2147483647, -2147483648, 300, -1, 2, 0, 2147483647, -2147483648]);
  assert.deepEqual(Array.from(tf.tensor(big, [8], "uint8").dataSync()), [255, 0, 255, 0, 2, 0, 255, 0]);
  assert.deepEqual(Array.from(tf.tensor([0, -0, 0.5, NaN, -2], [5], "bool").dataSync()), [0, 0, 1, 1, 1]);
  assert.deepEqual(Array.from(tf.fill([2], 3e9, "int32").dataSync()), [2147483647, 2147483647]);
  // The same values through cast from float64 give the same elements.
  for (const dtype of ["int32", "uint8", "bool"] as const) {
    const values = dtype === "bool" ? [0, -0, 0.5, NaN, -2] : big;
    assert.deepEqual(
      Array.from(tf.tensor(values, [values.length], dtype).dataSync()),
      Array.from(tf.cast(tf.tensor(values, [values.length], "float64"), dtype).dataSync()),
      dtype,
    );
  }
});

test("creation errors name the argument and the function it was passed to", () => {
  assert.throws(
    () => tf.add("abc" as never, 1),
    /^TypeError: Argument 'a' passed to 'add' must be a Tensor, number, boolean, array or typed array, but got: 'abc'$/,
  );
  assert.throws(() => tf.mul(tf.ones([2]), [1, "x"] as never), /^TypeError: Argument 'b' passed to 'mul' must hold numbers or booleans, but b\[1\] is 'x'$/);
  assert.throws(
    () => tf.tensor("abc" as never),
    /^TypeError: Argument 'values' passed to 'tensor' must be a number, boolean, array or typed array, but got: 'abc'$/,
  );
  assert.throws(
    () => tf.tensor([[1], [2, 3]]),
    /Argument 'values' passed to 'tensor' is not rectangular: values\[1\] should have 1 elements, but has 2 elements/,
  );
});
