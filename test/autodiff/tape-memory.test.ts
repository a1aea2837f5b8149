/**
 * What a GradientTape keeps: views of only the values its rules read, released as each
 * rule runs and all of them when a non-persistent tape's `gradient` returns; gradients
 * it propagated are freed; what the user made or was handed stays live.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { assertClose } from "../helpers.js";

const live = (): [number, number] => [tf.memory().numTensors, tf.memory().numBytes];

test("a non-persistent tape frees everything it saved and every intermediate gradient", () => {
  const w = tf.variable(
    tf.tensor([
      [0.5, -1],
      [2, 0.25],
    ]),
  );
  const x = tf.tensor([
    [1, 2],
    [3, 4],
    [-1, 0.5],
  ]);
  const before = live();
  const tape = new tf.GradientTape();
  // Intermediates made in a library scope: only the tape's views of them survive the scope.
  const loss = tape.record(() => tf.tidy(() => tf.sum(tf.sigmoid(tf.relu(tf.matmul(x, w))))));
  // The loss, and the tape's views of x (for dw), relu's output and sigmoid's output.
  assert.deepEqual(live(), [before[0] + 4, before[1] + 4 + 24 + 24]);
  const [dw] = tape.gradient(loss, [w]);
  assert.deepEqual(live(), [before[0] + 2, before[1] + 4 + 16]);
  // d/dw sum(sigmoid(relu(xw))) = xᵀ · (σ'(h) · [h > 0]), from NumPy.
  assertClose(dw!.dataSync(), [-0.223912960602711, -0.1850183494702769, 0.13953367804745875, 0.09250917473513845], 1e-5);
  tf.dispose([loss, dw]);
  assert.deepEqual(live(), before);
});

test("a tensor the user keeps from inside record stays readable after gradient", () => {
  const v = tf.variable(tf.tensor([1, 2, 3]));
  const tape = new tf.GradientTape();
  let kept: tf.Tensor | null = null;
  const y = tape.record(() => {
    kept = tf.exp(v);
    return tf.sum(tf.mul(kept, 2));
  });
  const g = tape.gradient(y, v)!;
  assertClose(g.dataSync(), [2 * Math.E, 2 * Math.E ** 2, 2 * Math.E ** 3], 1e-6);
  assertClose(kept!.dataSync(), [Math.E, Math.E ** 2, Math.E ** 3], 1e-6);
  // Disposing it early does not disturb a persistent tape's record.
  const p = new tf.GradientTape({ persistent: true });
  const z = p.record(() => {
    kept = tf.square(v);
    return tf.sum(tf.exp(kept));
  });
  kept!.dispose();
  const first = p.gradient(z, v)!.dataSync();
  const second = p.gradient(z, v)!.dataSync();
  assert.deepEqual(Array.from(first), Array.from(second));
  assertClose(
    first,
    [1, 2, 3].map((a) => 2 * a * Math.exp(a * a)),
    1e-5,
  );
  p.dispose();
  assert.throws(() => p.gradient(z, v), /this tape was disposed/);
});

test("a gradient shared by two inputs is never overwritten in place", () => {
  const a = tf.variable(tf.tensor([-1, 2, 3]));
  const b = tf.variable(tf.tensor([4, -5, 6]));
  const tape = new tf.GradientTape();
  // add's rule hands the same dy to both inputs; each relu rule must see it intact.
  const y = tape.record(() => tf.sum(tf.mul(tf.add(tf.relu(a), tf.relu(b)), tf.tensor([1, 10, 100]))));
  const [da, db] = tape.gradient(y, [a, b]);
  assert.deepEqual(Array.from(da!.dataSync()), [0, 10, 100]);
  assert.deepEqual(Array.from(db!.dataSync()), [1, 0, 100]);
});

test("the output gradient the user passes is never consumed or freed", () => {
  const v = tf.variable(tf.tensor([1, -2]));
  const tape = new tf.GradientTape();
  const y = tape.record(() => tf.relu(v));
  const dy = tf.tensor([3, 4]);
  const g = tape.gradient(y, v, dy)!;
  assert.deepEqual(Array.from(g.dataSync()), [3, 0]);
  assert.deepEqual(Array.from(dy.dataSync()), [3, 4]);
});

test("nested tapes still give second derivatives through the views the inner tape keeps", () => {
  const x = tf.variable(tf.tensor([0.5, 1.5]));
  const outer = new tf.GradientTape();
  const dx = outer.record(() => {
    const inner = new tf.GradientTape();
    const y = inner.record(() => tf.sum(tf.mul(tf.exp(x), tf.sigmoid(x))));
    return tf.sum(inner.gradient(y, x)!);
  });
  const d2 = outer.gradient(dx, x)!;
  // f = e^x σ(x): f'' = e^x (σ + 2σ' + σ''), σ' = σ(1-σ), σ'' = σ'(1-2σ).
  const expected = [0.5, 1.5].map((a) => {
    const s = 1 / (1 + Math.exp(-a));
    const s1 = s * (1 - s);
    return Math.exp(a) * (s + 2 * s1 + s1 * (1 - 2 * s));
  });
  assertClose(d2.dataSync(), expected, 1e-5);
});

test("a tensor watched after an op used it gets no gradient through that op, as in TensorFlow", () => {
  const a = tf.tensor([1, 2, 3]);
  const b = tf.tensor([4, 5, 6]);
  const tape = new tf.GradientTape();
  tape.watch(a);
  const z = tape.record(() => {
    const t = tf.mul(a, b);
    tape.watch(b);
    return tf.sum(tf.add(t, b));
  });
  const [ga, gb] = tape.gradient(z, [a, b]);
  assert.deepEqual(Array.from(ga!.dataSync()), [4, 5, 6]);
  assert.deepEqual(Array.from(gb!.dataSync()), [1, 1, 1]);
});
