import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose, assertTensor } from "../helpers.js";

/** float64 reference matmul over row-major arrays. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

test("matmul of small known matrices", () => {
  const a = tf.tensor([
    [1, 2],
    [3, 4],
  ]);
  const b = tf.tensor([
    [5, 6],
    [7, 8],
  ]);
  assertTensor(tf.matmul(a, b), "float32", [2, 2], [19, 22, 43, 50]);
  assertTensor(tf.matmul(a, b, true), "float32", [2, 2], [26, 30, 38, 44]);
  assertTensor(tf.matmul(a, b, false, true), "float32", [2, 2], [17, 23, 39, 53]);
  assertTensor(tf.matmul(a, b, true, true), "float32", [2, 2], [23, 31, 34, 46]);
  assertTensor(a.matmul(b), "float32", [2, 2], [19, 22, 43, 50]);
});

test("matmul in every float dtype and int32 agrees with float64", () => {
  const m = 7,
    k = 13,
    n = 5;
  const a = tf.randomUniform([m, k], -2, 2, "float32", 1);
  const b = tf.randomUniform([k, n], -2, 2, "float32", 2);
  const want = naive(a.dataSync(), b.dataSync(), m, k, n);
  assertClose(tf.matmul(a, b).dataSync(), want, 1e-5, 1e-5);
  assertClose(tf.matmul(a.cast("float64"), b.cast("float64")).dataSync(), want, 1e-12, 1e-12);
  for (const dt of ["float16", "bfloat16"] as const) {
    const a16 = a.cast(dt);
    const b16 = b.cast(dt);
    const c = tf.matmul(a16, b16);
    assert.equal(c.dtype, dt);
    // inputs rounded to 16 bits, accumulated in float32, output rounded once
    const exact = naive(a16.dataSync(), b16.dataSync(), m, k, n);
    assertClose(c.dataSync(), tf.tensor(exact, [m, n]).cast(dt).dataSync(), 0, 2 ** -7 * 4);
  }
  assertTensor(tf.matmul(tf.tensor([[2, 3]], [1, 2], "int32"), tf.tensor([[4], [5]], [2, 1], "int32")), "int32", [1, 1], [23]);
});

test("a float16 matmul of 4096 ones is 4096 (float32 accumulation)", () => {
  const c = tf.matmul(tf.ones([1, 4096], "float16"), tf.ones([4096, 1], "float16"));
  assertTensor(c, "float16", [1, 1], [4096]);
  const d = tf.matmul(tf.ones([2, 4096], "bfloat16"), tf.ones([2, 4096], "bfloat16"), false, true);
  assertTensor(d, "bfloat16", [2, 2], [4096, 4096, 4096, 4096]);
});

test("batched matmul broadcasts batch dims", () => {
  const a = tf.reshape(tf.range(0, 12), [2, 2, 3]);
  const b = tf.reshape(tf.range(0, 6), [3, 2]).expandDims(0);
  const c = tf.matmul(a, b);
  assert.deepEqual([...c.shape], [2, 2, 2]);
  assertClose(c.dataSync(), [10, 13, 28, 40, 46, 67, 64, 94]);
  const d = tf.matmul(tf.ones([3, 1, 2, 4]), tf.ones([2, 4, 5]));
  assert.deepEqual([...d.shape], [3, 2, 2, 5]);
  assertClose(d.dataSync(), new Array(60).fill(4));
});

test("matmul shape errors name both shapes", () => {
  assert.throws(
    () => tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5])),
    /Error in matMul: inner shapes \(3\) and \(4\) of Tensors with shapes \[2,3\] and \[4,5\] and transposeA=false and transposeB=false must match\./,
  );
  assert.throws(() => tf.matmul(tf.zeros([3]), tf.zeros([3, 1])), /rank >= 2/);
  assert.throws(() => tf.matmul(tf.zeros([2, 2, 2]), tf.zeros([3, 2, 2])), /Incompatible shapes for 'matmul'/);
});
