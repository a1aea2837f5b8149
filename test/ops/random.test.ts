import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

test("seeded random ops repeat and differ across seeds", () => {
  const a = tf.randomNormal([100], 0, 1, "float32", 42).dataSync();
  const b = tf.randomNormal([100], 0, 1, "float32", 42).dataSync();
  const c = tf.randomNormal([100], 0, 1, "float32", 43).dataSync();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("randomUniform range and dtypes", () => {
  const u = tf.randomUniform([10000], -3, 5, "float32", 1).dataSync<"float32">();
  assert.ok(u.every((v) => v >= -3 && v < 5));
  const mean = u.reduce((s, v) => s + v, 0) / u.length;
  assert.ok(Math.abs(mean - 1) < 0.1, `mean ${mean}`);
  const i = tf.randomUniform([1000], 2, 6, "int32", 3);
  assert.equal(i.dtype, "int32");
  assert.deepEqual([...new Set(i.dataSync())].sort(), [2, 3, 4, 5]);
  assert.equal(tf.randomUniform([2], 0, 1, "bfloat16", 1).dtype, "bfloat16");
});

test("randomNormal and truncatedNormal statistics", () => {
  const n = tf.randomNormal([20000], 2, 3, "float32", 5).dataSync<"float32">();
  const mean = n.reduce((s, v) => s + v, 0) / n.length;
  const sd = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
  assert.ok(Math.abs(mean - 2) < 0.1 && Math.abs(sd - 3) < 0.1, `${mean} ${sd}`);
  const t = tf.truncatedNormal([20000], 0, 0.5, "float32", 6).dataSync<"float32">();
  assert.ok(t.every((v) => Math.abs(v) <= 1));
});

test("unseeded ops follow the global seed", () => {
  tf.random.setSeed(7);
  const a = tf.randomNormal([5]).dataSync();
  const b = tf.randomNormal([5]).dataSync();
  tf.random.setSeed(7);
  assert.deepEqual(tf.randomNormal([5]).dataSync(), a);
  assert.notDeepEqual(a, b);
});

test("random ops validate arguments", () => {
  assert.throws(() => tf.randomNormal([2], 0, 1, "int32"), /must be a floating dtype, but got: 'int32'/);
  assert.throws(() => tf.randomNormal([2], 0, 1, "float32", -1), /seed/);
  assert.throws(() => tf.randomUniform([2], 1, 0), /minval <= maxval/);
});
