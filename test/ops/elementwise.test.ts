import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose, assertTensor } from "../helpers.js";

test("binary ops broadcast like NumPy", () => {
  const a = tf.tensor([[1], [2]]); // [2,1]
  const b = tf.tensor([10, 20, 30]); // [3]
  assertTensor(tf.add(a, b), "float32", [2, 3], [11, 21, 31, 12, 22, 32]);
  assertTensor(tf.sub(b, a), "float32", [2, 3], [9, 19, 29, 8, 18, 28]);
  assertTensor(tf.mul(a, b), "float32", [2, 3], [10, 20, 30, 20, 40, 60]);
  assertTensor(tf.div(b, a), "float32", [2, 3], [10, 20, 30, 5, 10, 15]);
  const c = tf.tensor([[[1, 2]], [[3, 4]]]); // [2,1,2]
  const d = tf.tensor([
    [10, 20],
    [30, 40],
    [50, 60],
  ]); // [3,2]
  assertTensor(tf.add(c, d), "float32", [2, 3, 2], [11, 22, 31, 42, 51, 62, 13, 24, 33, 44, 53, 64]);
});

test("broadcasting mismatch names both shapes", () => {
  assert.throws(() => tf.add(tf.zeros([2, 3]), tf.zeros([4])), /Incompatible shapes for 'add': \[2,3\] vs\. \[4\]/);
  assert.throws(() => tf.mul(tf.zeros([2, 3]), tf.zeros([3, 2])), {
    name: "ValueError",
    message: "Incompatible shapes for 'mul': [2,3] vs. [3,2] (dimension 2 does not broadcast with 3)",
  });
});

test("numbers are accepted where tensors are and are weak", () => {
  assertTensor(tf.add([1, 2], 1), "float32", [2], [2, 3]);
  assertTensor(tf.mul(tf.tensor([1, 2], [2], "float16"), 2), "float16", [2], [2, 4]);
  assertTensor(tf.add(tf.tensor([1, 2], [2], "int32"), 1), "int32", [2], [2, 3]);
  assertTensor(tf.add(tf.tensor([1, 2], [2], "int32"), 0.5), "float32", [2], [1.5, 2.5]);
  assertTensor(tf.div(tf.tensor([1, 3], [2], "int32"), 2), "float32", [2], [0.5, 1.5]);
  assertTensor(tf.sub(10, tf.tensor([1], [1], "bfloat16")), "bfloat16", [1], [9]);
  assertTensor(tf.tensor([1, 2]).add(tf.scalar(1)).mul(3), "float32", [2], [6, 9]);
});

test("tensor dtypes promote", () => {
  assert.equal(tf.add(tf.ones([1], "float16"), tf.ones([1], "bfloat16")).dtype, "float32");
  assert.equal(tf.add(tf.ones([1], "float16"), tf.ones([1], "float32")).dtype, "float32");
  assert.equal(tf.add(tf.ones([1], "int32"), tf.ones([1], "float16")).dtype, "float16");
  assert.equal(tf.add(tf.ones([1], "uint8"), tf.ones([1], "int32")).dtype, "int32");
  assert.equal(tf.add(tf.ones([1], "bool"), tf.ones([1], "bool")).dtype, "int32");
  assert.equal(tf.add(tf.ones([1], "float64"), tf.ones([1], "float32")).dtype, "float64");
  assert.equal(tf.promoteTypes("bool", "uint8"), "uint8");
});

test("float16 overflow and underflow (the guide's example)", () => {
  const big = tf.scalar(256, "float16");
  assertTensor(tf.pow(big, 2), "float16", [], [Infinity]);
  assertTensor(tf.square(big), "float16", [], [Infinity]);
  const small = tf.scalar(1e-5, "float16");
  assertTensor(tf.pow(small, 2), "float16", [], [0]);
  assertTensor(small.square(), "float16", [], [0]);
  // bfloat16 and float32 have float32's range
  assertTensor(tf.pow(tf.scalar(256, "bfloat16"), 2), "bfloat16", [], [65536]);
  assertClose(tf.pow(tf.scalar(1e-5), 2).dataSync(), [1e-10], 1e-6);
});

test("16-bit ops compute in float32 and round once", () => {
  // 1 + 2^-11 is a tie in float16 and rounds to 1; computed in float32 then rounded.
  assertTensor(tf.add(tf.scalar(1, "float16"), 2 ** -11), "float16", [], [1]);
  assertTensor(tf.add(tf.scalar(1, "float16"), 3 * 2 ** -11), "float16", [], [1 + 2 ** -9]);
  // bfloat16 has 8 significant bits: 1 + 2^-8 is a tie that rounds to even (1).
  assertTensor(tf.add(tf.scalar(1, "bfloat16"), 2 ** -8), "bfloat16", [], [1]);
  assertTensor(tf.mul(tf.scalar(3, "float16"), 1 / 3), "float16", [], [1]);
});

test("unary math on known values", () => {
  const x = tf.tensor([-2, -0.5, 0, 0.5, 2]);
  assertClose(tf.neg(x).dataSync(), [2, 0.5, -0, -0.5, -2]);
  assertClose(tf.abs(x).dataSync(), [2, 0.5, 0, 0.5, 2]);
  assertClose(tf.sign(x).dataSync(), [-1, -1, 0, 1, 1]);
  assertClose(tf.relu(x).dataSync(), [0, 0, 0, 0.5, 2]);
  assertClose(tf.exp(x).dataSync(), [0.1353352832, 0.6065306597, 1, 1.6487212707, 7.3890560989], 1e-6);
  assertClose(tf.sigmoid(x).dataSync(), [0.119202922, 0.3775406688, 0.5, 0.6224593312, 0.880797078], 1e-6);
  assertClose(tf.tanh(x).dataSync(), [-0.9640275801, -0.4621171573, 0, 0.4621171573, 0.9640275801], 1e-6);
  assertClose(tf.softplus(x).dataSync(), [0.126928011, 0.4740769842, 0.6931471806, 0.9740769842, 2.126928011], 1e-6);
  assertClose(tf.gelu(x).dataSync(), [-0.0455002639, -0.1542687694, 0, 0.3457312306, 1.9544997361], 1e-5, 1e-7);
  assertClose(tf.erf(x).dataSync(), [-0.995322265, -0.5204998778, 0, 0.5204998778, 0.995322265], 1e-6);
  const p = tf.tensor([0.25, 1, 4]);
  assertClose(tf.sqrt(p).dataSync(), [0.5, 1, 2]);
  assertClose(tf.rsqrt(p).dataSync(), [2, 1, 0.5]);
  assertClose(tf.reciprocal(p).dataSync(), [4, 1, 0.25]);
  assertClose(tf.log(p).dataSync(), [-1.3862943611, 0, 1.3862943611], 1e-6);
  assertClose(tf.log1p(tf.tensor([1e-7, 1])).dataSync(), [9.9999995e-8, 0.6931471806], 1e-6);
  assertClose(tf.expm1(tf.tensor([1e-7, 1])).dataSync(), [1.00000005e-7, 1.7182818285], 1e-6);
  assertClose(tf.log(tf.tensor([0, -1])).dataSync(), [-Infinity, NaN]);
});

test("integer inputs: float-only functions give float32, others keep the dtype", () => {
  assert.equal(tf.exp(tf.tensor([0], [1], "int32")).dtype, "float32");
  assertTensor(tf.neg(tf.tensor([3], [1], "int32")), "int32", [1], [-3]);
  assertTensor(tf.square(tf.tensor([3], [1], "int32")), "int32", [1], [9]);
  assertTensor(tf.mul(tf.tensor([65536], [1], "int32"), tf.tensor([65536], [1], "int32")), "int32", [1], [0]); // wraps like C
});

test("comparisons, isFinite, isNaN and where", () => {
  const a = tf.tensor([1, 2, 3]);
  assertTensor(tf.equal(a, 2), "bool", [3], [0, 1, 0]);
  assertTensor(tf.notEqual(a, 2), "bool", [3], [1, 0, 1]);
  assertTensor(tf.greater(a, 2), "bool", [3], [0, 0, 1]);
  assertTensor(tf.greaterEqual(a, 2), "bool", [3], [0, 1, 1]);
  assertTensor(tf.less(a, 2), "bool", [3], [1, 0, 0]);
  assertTensor(tf.lessEqual(a, 2), "bool", [3], [1, 1, 0]);
  const s = tf.tensor([1, Infinity, -Infinity, NaN]);
  assertTensor(tf.isFinite(s), "bool", [4], [1, 0, 0, 0]);
  assertTensor(tf.isNaN(s), "bool", [4], [0, 0, 0, 1]);
  assertTensor(tf.where(tf.tensor([[true], [false]]), a, tf.scalar(-1)), "float32", [2, 3], [1, 2, 3, -1, -1, -1]);
  assert.throws(() => tf.where(a, a, a), /'condition' passed to 'where' must be a bool tensor, but got a float32 tensor/);
});

test("maximum and minimum propagate NaN", () => {
  assertClose(tf.maximum([1, NaN, 3], [2, 0, NaN]).dataSync(), [2, NaN, NaN]);
  assertClose(tf.minimum([1, 5], 3).dataSync(), [1, 3]);
});

test("non-tensor arguments give a clear error", () => {
  assert.throws(() => tf.add({} as never, 1), /Argument 'a' passed to 'add' must be a Tensor or TensorLike, but got: an Object/);
  assert.throws(() => tf.exp(undefined as never), /Argument 'x' passed to 'exp' must be a Tensor or TensorLike, but got: undefined/);
});

test("reluGrad, sigmoidGrad and tanhGrad take the activation's output, as TF's ReluGrad/SigmoidGrad/TanhGrad", () => {
  assert.deepEqual(Array.from(tf.reluGrad([5, 5, 5, Number.NaN, 3], [0, 2, Number.NaN, 1, -0]).dataSync()), [0, 5, 0, Number.NaN, 0]);
  assert.deepEqual(Array.from(tf.sigmoidGrad([2, 1], [0.5, 0.25]).dataSync()), [0.5, 0.1875]);
  assert.deepEqual(Array.from(tf.tanhGrad([2, 1], [0.5, -0.25]).dataSync()), [1.5, 0.9375]);
  assert.deepEqual(tf.reluGrad(tf.ones([2, 2]), [[1], [-1]]).arraySync(), [
    [1, 1],
    [0, 0],
  ]);
  // 16-bit data: float32 steps, one rounding. dy = 3, y = 0.300048828125 (float16 of 0.3):
  // 3 * (y * (1 - y)) = 0.630058... -> float16 0.6298828125 (a float16 rounding per step gives 0.63037109375).
  const g = tf.sigmoidGrad(tf.cast([3], "float16"), tf.cast([0.3], "float16"));
  assert.equal(g.dtype, "float16");
  assert.deepEqual(Array.from(g.dataSync()), [0.6298828125]);
  // The relu, sigmoid and tanh gradients use them: d/dx of sum(act(x)) at known points.
  const x = tf.tensor([-1, 0.5, 2]);
  for (const [act, want] of [
    [tf.relu, [0, 1, 1]],
    [tf.sigmoid, [0.19661193, 0.23500371, 0.10499359]],
    [tf.tanh, [0.41997434, 0.78644773, 0.07065082]],
  ] as const) {
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.sum(act(x)));
    assertClose(Array.from(tape.gradient(y, x)!.dataSync()), want, 1e-6);
  }
});
