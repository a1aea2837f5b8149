/** tf.tidy, tf.keep and tf.dispose, case by case as TensorFlow.js documents and tests them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

const counts = (): [number, number] => [tf.memory().numTensors, tf.memory().numBytes];

test("tidy disposes what fn made except the result; inputs from outside are untouched", () => {
  const x = tf.tensor([1, 2, 3]);
  const before = counts();
  let inner: tf.Tensor | null = null;
  const y = tf.tidy(() => {
    inner = x.square();
    return inner.add(1);
  });
  assert.equal(inner!.isDisposed, true);
  assert.equal(x.isDisposed, false);
  assert.deepEqual(Array.from(y.dataSync()), [2, 5, 10]);
  assert.deepEqual(counts(), [before[0] + 1, before[1] + 12]);
  y.dispose();
  assert.deepEqual(counts(), before);
});

test("tidy keeps every tensor of a returned array or object, nested, and accepts a name", () => {
  const before = counts();
  const r = tf.tidy("pair", () => {
    const a = tf.scalar(2);
    return { a, rest: [a.mul(3), { b: tf.scalar(7) }], n: 4 };
  });
  assert.equal(r.n, 4);
  assert.equal(r.a.dataSync()[0], 2);
  assert.equal((r.rest[0] as tf.Tensor).dataSync()[0], 6);
  assert.equal((r.rest[1] as { b: tf.Tensor }).b.dataSync()[0], 7);
  tf.dispose(r);
  assert.deepEqual(counts(), before);
});

test("nested tidy: the inner result belongs to the outer tidy, which disposes it unless returned", () => {
  let fromInner: tf.Tensor | null = null;
  const before = counts();
  const out = tf.tidy(() => {
    fromInner = tf.tidy(() => tf.ones([2]).mul(5));
    assert.equal(fromInner.isDisposed, false);
    return fromInner.sum();
  });
  assert.equal(fromInner!.isDisposed, true);
  assert.equal(out.dataSync()[0], 10);
  out.dispose();
  assert.deepEqual(counts(), before);
});

test("keep saves a tensor from every enclosing tidy; variables are never disposed by tidy", () => {
  let kept: tf.Tensor | null = null;
  let v: tf.Variable | null = null;
  tf.tidy(() => {
    tf.tidy(() => {
      kept = tf.keep(tf.tensor([4, 5]).mul(2));
      v = tf.variable(tf.zeros([3]));
    });
  });
  assert.deepEqual(Array.from(kept!.dataSync()), [8, 10]);
  assert.deepEqual(Array.from(v!.dataSync()), [0, 0, 0]);
  assert.throws(() => tf.keep(3 as never), /Argument 'result' of keep must be a Tensor, but got: 3/);
});

test("tidy with no tensor result disposes everything fn made; errors dispose too and propagate", () => {
  const before = counts();
  assert.equal(
    tf.tidy(() => tf.ones([10]).sum().dataSync()[0]),
    10,
  );
  assert.deepEqual(counts(), before);
  assert.throws(
    () =>
      tf.tidy(() => {
        tf.ones([100]);
        throw new RangeError("boom");
      }),
    /boom/,
  );
  assert.deepEqual(counts(), before);
});

test("tidy refuses a promise (disposing what fn made) and bad arguments, with TF.js's wording", () => {
  const before = counts();
  assert.throws(() => tf.tidy(async () => tf.ones([3])), /Cannot return a Promise inside of tidy\(\)/);
  assert.deepEqual(counts(), before);
  assert.throws(() => tf.tidy(5 as never), /The first argument to tidy\(\) must be a function, but got: 5/);
  assert.throws(() => tf.tidy(() => 1, (() => 2) as never) as never, /first argument to tidy\(\) must be a string/);
  assert.throws(() => tf.tidy("name", 3 as never), /The 2nd argument to tidy\(\) must be a function, but got: 3/);
});

test("dispose frees tensors in any nesting, variables included, and is idempotent", () => {
  const before = counts();
  const a = tf.ones([4]);
  const v = tf.variable([0, 0]);
  const nested = [a, { b: tf.zeros([3]), c: [tf.scalar(1), "text", 7] }, v];
  tf.dispose(nested);
  tf.dispose(nested);
  assert.equal(a.isDisposed, true);
  assert.equal(v.isDisposed, true);
  assert.deepEqual(counts(), before);
  tf.dispose(null);
  tf.dispose(42);
});

test("library calls inside tidy hand their results to the tidy", () => {
  const layer = new tf.layers.Dense(3, { kernelInitializer: "ones" });
  const x = tf.ones([2, 4]);
  layer.apply(x); // builds the weights outside the tidy
  const before = counts();
  let y: tf.Tensor | null = null;
  const s = tf.tidy(() => {
    y = layer.apply(x);
    return y.sum();
  });
  assert.equal(y!.isDisposed, true);
  assert.equal(s.dataSync()[0], 24);
  s.dispose();
  assert.deepEqual(counts(), before);
});

test("tidy and dispose search any object, as TensorFlow.js does", () => {
  class Pair {
    constructor(
      readonly first: tf.Tensor,
      readonly second: tf.Tensor,
    ) {}
  }
  const x = tf.tensor([1, 2]);
  const before = counts();
  const p = tf.tidy(() => new Pair(x.square(), x.add(1)));
  assert.deepEqual(Array.from(p.first.dataSync()), [1, 4]);
  const bare = tf.tidy(() => Object.assign(Object.create(null) as Record<string, tf.Tensor>, { t: x.neg() }));
  assert.deepEqual(Array.from(bare.t!.dataSync()), [-1, -2]);
  tf.dispose([p, bare]);
  assert.deepEqual(counts(), before);
});

test("inside tidy, library code never frees early what belongs to the tidy", () => {
  let seen: tf.Tensor | null = null;
  const dense = new tf.layers.Dense(2, {
    kernelInitializer: "ones",
    activation: (t: tf.Tensor) => {
      seen = t;
      return tf.relu(t);
    },
  });
  dense.apply(tf.ones([1, 3])); // builds
  tf.tidy(() => {
    dense.call(tf.ones([1, 3])); // called directly: its temporaries are the tidy's
    assert.equal(seen!.isDisposed, false);
    assert.deepEqual(Array.from(seen!.dataSync()), [3, 3]);
  });
  assert.equal(seen!.isDisposed, true);
});
