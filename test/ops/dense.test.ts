/**
 * The fused dense primitive on the active backend: values against float64 arithmetic on
 * the same (dtype-rounded) inputs within accumulation error plus one rounding, and its
 * gradient against the unfused matmul + add + activation composition.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { unitRoundoff } from "../helpers.js";

const ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "gelu"] as const;
type Act = (typeof ACTIVATIONS)[number];

/** erf from its series of positive terms (e^-x² Σ 2^n x^(2n+1) / (2n+1)!!): no cancellation, full float64 accuracy. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 400 && Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

const act64: { readonly [A in Act]: (z: number) => number } = {
  linear: (z) => z,
  relu: (z) => Math.max(z, 0),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  gelu: (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)),
};

/** Inputs of a seed, rounded to `dtype`, with their values as float64. */
function inputs(m: number, k: number, n: number, dtype: tf.DType, seed: number) {
  const x = tf.cast(tf.randomUniform([m, k], -1, 1, "float32", seed), dtype);
  const w = tf.cast(tf.randomUniform([k, n], -1, 1, "float32", seed + 1), dtype);
  const b = tf.cast(tf.randomUniform([n], -1, 1, "float32", seed + 2), dtype);
  const read = (t: tf.Tensor) => Array.from(tf.cast(t, "float64").dataSync());
  return { x, w, b, xv: read(x), wv: read(w), bv: read(b) };
}

for (const dtype of ["float32", "float16", "bfloat16", "float64"] as const) {
  test(`fusedDense ${dtype}: every activation, with and without bias, odd sizes, against float64`, () => {
    const u = unitRoundoff[dtype];
    const uAcc = dtype === "float64" ? unitRoundoff.float64 : unitRoundoff.float32;
    for (const [m, k, n] of [
      [1, 1, 1],
      [5, 7, 3],
      [17, 33, 65],
      [3, 0, 4],
    ] as const) {
      const { x, w, b, xv, wv, bv } = inputs(m, k, n, dtype, 11 * m + k);
      for (const act of ACTIVATIONS) {
        for (const withBias of [true, false]) {
          const y = tf.fusedDense(x, w, withBias ? b : null, act);
          assert.equal(y.dtype, dtype);
          assert.deepEqual(y.shape, [m, n]);
          const got = tf.cast(y, "float64").dataSync();
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let z = withBias ? bv[j]! : 0;
              let mag = Math.abs(z);
              for (let p = 0; p < k; p++) {
                z += xv[i * k + p]! * wv[p * n + j]!;
                mag += Math.abs(xv[i * k + p]! * wv[p * n + j]!);
              }
              const want = act64[act](z);
              // Accumulation (k + 1 float32 roundings of terms up to mag), the activation's own
              // float32 error (a few ulps, Lipschitz <= 1.13), then one rounding to the dtype.
              const tol = 1.13 * (k + 2) * uAcc * mag + 8 * uAcc * Math.abs(want) + u * Math.abs(want) + 1e-300;
              const e = Math.abs(got[i * n + j]! - want);
              assert.ok(e <= tol, `${act} bias=${withBias} [${m},${k},${n}] (${i},${j}): got ${got[i * n + j]}, want ${want}, error ${e} > ${tol}`);
            }
          }
        }
      }
    }
  });
}

test("fusedDense's gradient equals the unfused composition's, and only wanted inputs get one", () => {
  const { x, w, b } = inputs(6, 5, 4, "float32", 101);
  for (const act of ACTIVATIONS) {
    const r = tf.randomUniform([6, 4], -1, 1, "float32", 7);
    const loss = (f: () => tf.Tensor) => () => tf.sum(tf.mul(f(), r));
    const unfused = () => {
      const z = tf.add(tf.matmul(x, w), b);
      return act === "linear" ? z : tf[act](z);
    };
    const [gf, gu] = [() => tf.fusedDense(x, w, b, act), unfused].map((f) => {
      const tape = new tf.GradientTape();
      [x, w, b].forEach((t) => tape.watch(t));
      const l = tape.record(loss(f));
      return tape.gradient(l, [x, w, b]).map((g) => Array.from(g!.dataSync()));
    });
    for (let i = 0; i < 3; i++) {
      gf[i]!.forEach((v, j) => assert.ok(Math.abs(v - gu[i]![j]!) <= 1e-5 * (1 + Math.abs(gu[i]![j]!)), `${act} input ${i}[${j}]: ${v} vs ${gu[i]![j]}`));
    }
    // Asking for the kernel alone gives no gradient for x or the bias.
    const tape = new tf.GradientTape();
    tape.watch(w);
    const l = tape.record(loss(() => tf.fusedDense(x, w, b, act)));
    const [gw] = tape.gradient(l, [w]);
    assert.deepEqual(Array.from(gw!.dataSync()), gf[1]);
  }
});

test("fusedDense under 16-bit compute differs from the unfused ops by at most their intermediate roundings", () => {
  const { x, w, b } = inputs(9, 31, 13, "bfloat16", 21);
  for (const act of ["relu", "tanh"] as const) {
    const fused = tf.cast(tf.fusedDense(x, w, b, act), "float32").dataSync();
    const unfused = tf.cast(tf[act](tf.add(tf.matmul(x, w), b)), "float32").dataSync();
    // Two extra bfloat16 roundings (after matmul, after add) of values below 8 in magnitude.
    fused.forEach((v, i) => assert.ok(Math.abs(v - unfused[i]!) <= 3 * 8 * unitRoundoff.bfloat16, `${act}[${i}]: ${v} vs ${unfused[i]}`));
  }
});

test("fusedDense names what is wrong", () => {
  const x = tf.ones([2, 3]);
  const w = tf.ones([3, 4]);
  assert.throws(() => tf.fusedDense(x, tf.ones([2, 4])), /^ValueError: 'fusedDense' needs x \[m, k\] and kernel \[k, n\], but got shapes \[2,3\] and \[2,4\]$/);
  assert.throws(() => tf.fusedDense(tf.ones([3]), w), /needs x \[m, k\] and kernel \[k, n\], but got shapes \[3\] and \[3,4\]/);
  assert.throws(() => tf.fusedDense(x, w, tf.ones([3])), /^ValueError: Argument 'bias' passed to 'fusedDense' must have shape \[4\], but got \[3\]$/);
  assert.throws(
    () => tf.fusedDense(x, w, null, "softmax" as never),
    /Argument 'activation' passed to 'fusedDense' must be one of linear, relu, sigmoid, tanh, gelu, but got: 'softmax'/,
  );
  assert.throws(() => tf.fusedDense(tf.ones([2, 3], "int32"), tf.ones([3, 4], "int32")), /^TypeError: 'fusedDense' needs float tensors, but got int32, int32$/);
  // Mixed dtypes promote, as matmul's operands do.
  assert.equal(tf.fusedDense(tf.ones([2, 3], "float16"), w).dtype, "float32");
});
