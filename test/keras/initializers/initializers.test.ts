import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";

const { initializers } = tf.keras;

function stats(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: v.reduce((a, b) => Math.min(a, b)), max: v.reduce((a, b) => Math.max(a, b)) };
}

test("constant initializers", () => {
  assert.deepEqual([...new initializers.Zeros().call([2]).dataSync()], [0, 0]);
  assert.deepEqual([...new initializers.Ones().call([2], "bfloat16").dataSync()], [1, 1]);
  assert.deepEqual([...new initializers.Constant({ value: 0.5 }).call([2]).dataSync()], [0.5, 0.5]);
});

test("variance scaling follows Keras's fan rules", () => {
  assert.deepEqual(initializers.computeFans([784, 64]), [784, 64]);
  assert.deepEqual(initializers.computeFans([3, 3, 16, 32]), [144, 288]);
  assert.deepEqual(initializers.computeFans([7]), [7, 7]);
  const shape = [400, 600];
  const gu = stats(new initializers.GlorotUniform({ seed: 1 }).call(shape));
  const limit = Math.sqrt(6 / 1000);
  assert.ok(gu.min >= -limit && gu.max <= limit);
  assert.ok(Math.abs(gu.std - limit / Math.sqrt(3)) < 0.002, `glorot uniform std ${gu.std}`);
  const hn = stats(new initializers.HeNormal({ seed: 2 }).call(shape));
  assert.ok(Math.abs(hn.std - Math.sqrt(2 / 400)) < 0.002, `he normal std ${hn.std}`);
  assert.ok(hn.max <= (2 * Math.sqrt(2 / 400)) / 0.87962566103423978 + 1e-6, "truncated at two (scaled) standard deviations");
  const gn = stats(new initializers.GlorotNormal({ seed: 3 }).call(shape));
  assert.ok(Math.abs(gn.std - Math.sqrt(2 / 1000)) < 0.002, `glorot normal std ${gn.std}`);
  const hu = stats(new initializers.HeUniform({ seed: 4 }).call(shape));
  assert.ok(hu.max <= Math.sqrt(6 / 400) && Math.abs(hu.std - Math.sqrt(2 / 400)) < 0.002);
  const rn = stats(new initializers.RandomNormal({ seed: 5 }).call([100000]));
  assert.ok(Math.abs(rn.std - 0.05) < 0.001 && Math.abs(rn.mean) < 0.001);
  const ru = stats(new initializers.RandomUniform({ seed: 6 }).call([10000]));
  assert.ok(ru.min >= -0.05 && ru.max < 0.05);
  const tn = stats(new initializers.TruncatedNormal({ seed: 7 }).call([10000]));
  assert.ok(tn.min >= -0.1 && tn.max <= 0.1);
});

test("seeded initializers repeat; unseeded ones do not", () => {
  const a = new initializers.GlorotUniform({ seed: 9 });
  assert.deepEqual([...a.call([3, 3]).dataSync()], [...a.call([3, 3]).dataSync()]);
  const b = new initializers.GlorotUniform();
  assert.notDeepEqual([...b.call([3, 3]).dataSync()], [...b.call([3, 3]).dataSync()]);
});

test("initializer identifiers and errors", () => {
  assert.ok(initializers.get("glorot_uniform") instanceof initializers.GlorotUniform);
  assert.ok(initializers.get("heNormal") instanceof initializers.HeNormal);
  assert.ok(initializers.get("truncatedNormal") instanceof initializers.TruncatedNormal);
  assert.throws(() => initializers.get("orthogonal"), /Unknown initializer: 'orthogonal'/);
  assert.throws(() => new initializers.GlorotUniform({ seed: -1 }), /Option 'seed' of GlorotUniform must be a non-negative integer, but got: -1/);
  assert.throws(() => new initializers.VarianceScaling({ scale: 0 }), /Argument 'scale' must be positive float\. Received: scale=0/);
  assert.throws(() => new initializers.RandomNormal().call([2], "int32"), /can only create floating tensors/);
});
