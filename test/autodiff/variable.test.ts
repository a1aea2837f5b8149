import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertTensor } from "../helpers.js";

test("variable holds a copy, with name and trainable", () => {
  const init = tf.tensor([1, 2]);
  const v = tf.variable(init, { name: "bias" });
  assert.equal(v.name, "bias");
  assert.equal(v.trainable, true);
  assert.ok(v instanceof tf.Tensor);
  assert.equal(tf.variable(1, { trainable: false }).trainable, false);
  assertTensor(tf.variable([1, 2], { dtype: "float16" }), "float16", [2], [1, 2]);
  init.dispose();
  assertTensor(v, "float32", [2], [1, 2]);
});

test("assign, assignAdd, assignSub; old reads keep their value", () => {
  const v = tf.variable(tf.tensor([1, 2]));
  const before = v.mul(1);
  const view = v.reshape([2, 1]);
  v.assign([5, 6]);
  assertTensor(v, "float32", [2], [5, 6]);
  assertTensor(before, "float32", [2], [1, 2]);
  assertTensor(view, "float32", [2, 1], [1, 2]);
  v.assignAdd(1);
  assertTensor(v, "float32", [2], [6, 7]);
  v.assignSub(tf.tensor([1, 1]));
  assertTensor(v, "float32", [2], [5, 6]);
  assert.equal(v.add(1).dtype, "float32"); // a Variable stands where a Tensor can
});

test("assign checks shape and dtype and leaves the variable unchanged on error", () => {
  const v = tf.variable(tf.tensor([1, 2]), { name: "w" });
  assert.throws(() => v.assign([1, 2, 3]), /Cannot assign a tensor of shape \[3\] to variable 'w' of shape \[2\]/);
  assert.throws(() => v.assign(tf.tensor([1, 2], [2], "float16")), /Cannot assign a float16 tensor to variable 'w' of dtype float32/);
  assertTensor(v, "float32", [2], [1, 2]);
});

test("memory: assignment releases the old buffer", () => {
  const v = tf.variable(tf.zeros([100]));
  const before = tf.memory().numBytes;
  v.assign(tf.ones([100]));
  // the new value's temporary tensor (400 bytes) stays until collected; the old value is freed
  assert.ok(tf.memory().numBytes - before <= 400);
});
