import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

test("memory counts live bytes per dtype and dispose frees them", () => {
  const before = tf.memory();
  const a = tf.zeros([1000], "float32");
  const b = tf.zeros([1000], "bfloat16");
  const c = tf.zeros([1000], "float16");
  const during = tf.memory();
  assert.equal((during.bytesByDtype.float32 ?? 0) - (before.bytesByDtype.float32 ?? 0), 4000);
  assert.equal((during.bytesByDtype.bfloat16 ?? 0) - (before.bytesByDtype.bfloat16 ?? 0), 2000);
  assert.equal((during.bytesByDtype.float16 ?? 0) - (before.bytesByDtype.float16 ?? 0), 2000);
  assert.equal(during.numBytes - before.numBytes, 8000);
  assert.equal(during.numDataBuffers - before.numDataBuffers, 3);
  a.dispose();
  b.dispose();
  c.dispose();
  assert.equal(tf.memory().numBytes, before.numBytes);
});

test("a reshape view shares its buffer until both are disposed", () => {
  const before = tf.memory().numBytes;
  const a = tf.zeros([10]);
  const v = a.reshape([2, 5]);
  assert.equal(tf.memory().numBytes - before, 40);
  a.dispose();
  assert.equal(tf.memory().numBytes - before, 40);
  v.dispose();
  assert.equal(tf.memory().numBytes - before, 0);
});

test("setBackend and getBackend", () => {
  assert.ok(tf.listBackends().includes("reference"));
  const current = tf.getBackend();
  tf.setBackend("reference");
  assert.equal(tf.getBackend(), "reference");
  assert.throws(() => tf.setBackend("webgl"), /Argument 'name' of setBackend must be one of 'reference'.*but got: 'webgl'/);
  tf.setBackend(current);
});
