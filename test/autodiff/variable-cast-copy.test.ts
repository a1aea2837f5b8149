/**
 * A variable's autocast reads cast once and share that copy until the value changes
 * (assign, an optimizer update in place, dispose); tensors handed out keep their values.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { applyUpdate } from "../../src/autodiff/apply-update.js";
import { withAutocast } from "../../src/ops/autocast.js";
import { assertTensor } from "../helpers.js";

// 1 + 2^-8 lies halfway between the bfloat16 neighbours 1 and 1 + 2^-7: it rounds to 1 (even).
const HALFWAY = 1 + 2 ** -8;

function autocastVariable(values: number[]): tf.Variable {
  const init = tf.tensor(values);
  const v = tf.variable(init);
  init.dispose();
  v.autocast = true;
  return v;
}

const read = (v: tf.Variable, dtype: "bfloat16" | "float16" = "bfloat16"): tf.Tensor => withAutocast(dtype, () => tf.reshape(v, [v.size]));

test("two autocast reads share one cast copy", () => {
  const v = autocastVariable([HALFWAY, 3]);
  const a = read(v);
  const b = read(v);
  assertTensor(a, "bfloat16", [2], [1, 3]);
  assertTensor(b, "bfloat16", [2], [1, 3]);
  assert.equal(a.buffer, b.buffer);
  assert.notEqual(a, b);
  a.dispose();
  assertTensor(b, "bfloat16", [2], [1, 3]);
  assertTensor(read(v), "bfloat16", [2], [1, 3]);
});

test("assign, assignAdd and an optimizer update invalidate the copy; earlier reads keep their value", () => {
  const v = autocastVariable([HALFWAY, 3]);
  const before = read(v);
  v.assign([2, 5]);
  const afterAssign = read(v);
  assertTensor(afterAssign, "bfloat16", [2], [2, 5]);
  assertTensor(before, "bfloat16", [2], [1, 3]);
  v.assignAdd(1);
  assertTensor(read(v), "bfloat16", [2], [3, 6]);
  // SGD in place: v - 0.5 * [1, 2] = [2.5, 5].
  applyUpdate("sgd", v, tf.tensor([1, 2]), [], { learningRate: 0.5, momentum: 0, nesterov: false });
  assertTensor(read(v), "bfloat16", [2], [2.5, 5]);
  assertTensor(afterAssign, "bfloat16", [2], [2, 5]);
});

test("a read in another dtype replaces the copy", () => {
  const v = autocastVariable([HALFWAY]);
  assertTensor(read(v, "bfloat16"), "bfloat16", [1], [1]);
  assertTensor(read(v, "float16"), "float16", [1], [HALFWAY]); // exact in float16
  assertTensor(read(v, "bfloat16"), "bfloat16", [1], [1]);
});

test("gradients flow through a cached read to the float32 variable", () => {
  const v = autocastVariable([HALFWAY, 3]);
  read(v).dispose(); // the copy now exists: the taped read below reuses it
  const tape = new tf.GradientTape();
  const loss = tape.record(() => tf.sum(tf.mul(read(v), tf.tensor([2, 4], [2], "bfloat16"))));
  const dv = tape.gradient(loss, v)!;
  assertTensor(dv, "float32", [2], [2, 4]);
});

test("disposing the variable frees its copy", () => {
  const start = tf.memory();
  const v = autocastVariable([1, 2, 3, 4]);
  read(v).dispose();
  assert.equal(tf.memory().numTensors, start.numTensors + 2); // the variable and its copy
  v.dispose();
  assert.equal(tf.memory().numTensors, start.numTensors);
  assert.equal(tf.memory().numBytes, start.numBytes);
});
