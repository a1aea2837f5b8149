import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose, assertTensor } from "../helpers.js";

test("gradient of a simple function of a watched tensor", () => {
  const x = tf.tensor([1, 2, 3]);
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tape.record(() => tf.sum(tf.square(x)));
  const dx = tape.gradient(y, x);
  assertTensor(dx!, "float32", [3], [2, 4, 6]);
});

test("trainable variables are watched automatically; unconnected sources give null", () => {
  const v = tf.variable(tf.tensor([1, 2]));
  const frozen = tf.variable(tf.tensor([3]), { trainable: false });
  const unused = tf.variable(tf.tensor([0]));
  const tape = new tf.GradientTape();
  const loss = tape.record(() => tf.sum(tf.mul(v, frozen)));
  assert.deepEqual(tape.watchedVariables(), [v]);
  const [dv, dfrozen, dunused] = tape.gradient(loss, [v, frozen, unused]);
  assertTensor(dv!, "float32", [2], [3, 3]);
  assert.equal(dfrozen, null);
  assert.equal(dunused, null);
});

test("non-persistent tapes compute one set of gradients; persistent ones many", () => {
  const x = tf.variable(tf.scalar(3));
  const tape = new tf.GradientTape();
  const y = tape.record(() => x.mul(x));
  assertTensor(tape.gradient(y, x)!, "float32", [], [6]);
  assert.throws(() => tape.gradient(y, x), /A non-persistent GradientTape can only be used to compute one set of gradients/);
  const p = new tf.GradientTape({ persistent: true });
  const [a, b] = p.record(() => [x.mul(x), x.mul(x).mul(x)]);
  assertTensor(p.gradient(a!, x)!, "float32", [], [6]);
  assertTensor(p.gradient(b!, x)!, "float32", [], [27]);
});

test("gradients of broadcast ops sum back to the input shape", () => {
  const w = tf.variable(tf.ones([2, 3]));
  const b = tf.variable(tf.zeros([3]));
  const s = tf.variable(tf.scalar(2));
  const tape = new tf.GradientTape();
  const y = tape.record(() => tf.sum(tf.mul(tf.add(w, b), s)));
  const [dw, db, ds] = tape.gradient(y, [w, b, s]);
  assertTensor(dw!, "float32", [2, 3], [2, 2, 2, 2, 2, 2]);
  assertTensor(db!, "float32", [3], [4, 4, 4]);
  assertTensor(ds!, "float32", [], [6]);
});

test("the gradient of cast casts back: float32 variables get float32 gradients through float16 compute", () => {
  const v = tf.variable(tf.tensor([1, 2, 3]));
  const tape = new tf.GradientTape();
  const y = tape.record(() => {
    const h = v.cast("float16");
    assert.equal(h.dtype, "float16");
    return tf.sum(tf.mul(h, h));
  });
  assert.equal(y.dtype, "float16");
  const dv = tape.gradient(y, v)!;
  assertTensor(dv, "float32", [3], [2, 4, 6]);
});

test("outputGradient weights the target; integer paths give null", () => {
  const x = tf.variable(tf.tensor([1, 2]));
  const tape = new tf.GradientTape({ persistent: true });
  const y = tape.record(() => x.mul(3));
  assertTensor(tape.gradient(y, x, tf.tensor([1, 10]))!, "float32", [2], [3, 30]);
  const z = tape.record(() => tf.argmax(x));
  assert.equal(tape.gradient(z, x), null);
});

test("a shared input accumulates gradients from every use", () => {
  const x = tf.variable(tf.scalar(2));
  const tape = new tf.GradientTape();
  const y = tape.record(() => tf.add(tf.mul(x, x), tf.mul(x, 3)));
  assertTensor(tape.gradient(y, x)!, "float32", [], [7]);
});

test("record rejects async functions and the tape validates its arguments", async () => {
  const tape = new tf.GradientTape();
  assert.throws(() => tape.record((async () => 1) as never), /fn must be synchronous/);
  assert.throws(() => tape.record(5 as never), /must be a function, but got: 5/);
  assert.throws(() => tape.watch(5 as never), /expects tensors/);
  const t = new tf.GradientTape();
  const x = tf.variable(tf.scalar(1));
  const y = t.record(() => x.mul(2));
  assert.throws(() => t.gradient(y, [5 as never]), /'sources' of GradientTape.gradient must be a Tensor or an array of Tensors/);
});

test("second-order gradients through nested tapes", () => {
  const x = tf.variable(tf.scalar(3));
  const outer = new tf.GradientTape();
  const dy = outer.record(() => {
    const inner = new tf.GradientTape();
    const y = inner.record(() => x.mul(x).mul(x));
    return inner.gradient(y, x)!; // 3x^2
  });
  assertClose(dy.dataSync(), [27]);
  assertClose(outer.gradient(dy, x)!.dataSync(), [18]); // 6x
});
