/**
 * Every gradient rule against float64 central differences. The case table is keyed
 * by primitive; the last test fails when a differentiable primitive has no case.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import type { PrimName } from "../../src/backend/primitives.js";
import { gradTable } from "../../src/ops/gradients/grad-table.js";
import { NON_DIFFERENTIABLE } from "../../src/ops/gradients/grad-rule.js";
import { assertClose } from "../helpers.js";

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;

interface Case {
  /** Builds the op from float64 inputs. */
  f: Fn;
  /** Input values and shapes (float64). */
  inputs: { values: number[]; shape: number[] }[];
  /** The finite-difference step, when not H. */
  h?: number;
}

const H = 1e-6;

/** Values in [lo, hi] from a fixed seed, kept away from 0 by `gap` when asked (kinks, poles). */
function vals(n: number, seed: number, lo = -2, hi = 2, gap = 0): number[] {
  const u = tf.randomUniform([n], 0, 1, "float64", seed).dataSync();
  return Array.from(u, (v) => {
    const x = lo + (hi - lo) * v;
    return Math.abs(x) < gap ? (x < 0 ? -gap : gap) : x;
  });
}

const x23 = (seed: number, lo = -2, hi = 2, gap = 0.1) => ({ values: vals(6, seed, lo, hi, gap), shape: [2, 3] });
const pos23 = (seed: number) => x23(seed, 0.3, 3);

const unary = (f: Fn, input = x23(1)): Case => ({ f, inputs: [input] });

const cases: { readonly [P in PrimName]?: Case[] } = {
  neg: [unary(tf.neg)],
  abs: [unary(tf.abs)],
  sign: [unary(tf.sign)],
  square: [unary(tf.square)],
  sqrt: [unary(tf.sqrt, pos23(2))],
  rsqrt: [unary(tf.rsqrt, pos23(3))],
  reciprocal: [unary(tf.reciprocal, x23(4, -2, 2, 0.3))],
  exp: [unary(tf.exp)],
  expm1: [unary(tf.expm1)],
  log: [unary(tf.log, pos23(5))],
  log1p: [unary(tf.log1p, x23(6, -0.5, 3))],
  relu: [unary(tf.relu)],
  sigmoid: [unary(tf.sigmoid, x23(7, -5, 5))],
  tanh: [unary(tf.tanh)],
  softplus: [unary(tf.softplus, x23(8, -5, 5))],
  erf: [unary(tf.erf)],
  gelu: [unary(tf.gelu, x23(9, -4, 4))],
  add: [{ f: tf.add, inputs: [x23(10), { values: vals(3, 11), shape: [3] }] }],
  sub: [{ f: tf.sub, inputs: [{ values: vals(2, 12), shape: [2, 1] }, x23(13)] }],
  mul: [{ f: tf.mul, inputs: [x23(14), { values: vals(1, 15), shape: [] }] }],
  div: [{ f: tf.div, inputs: [x23(16), { values: vals(3, 17, 0.5, 2), shape: [1, 3] }] }],
  pow: [
    { f: tf.pow, inputs: [pos23(18), x23(19)] },
    { f: (a) => tf.pow(a, 3), inputs: [x23(20)] },
  ],
  maximum: [{ f: tf.maximum, inputs: [x23(21), x23(22)] }],
  minimum: [{ f: tf.minimum, inputs: [x23(23), { values: vals(3, 24), shape: [3] }] }],
  reluGrad: [{ f: tf.reluGrad, inputs: [x23(40), x23(41)] }],
  sigmoidGrad: [{ f: tf.sigmoidGrad, inputs: [x23(42), x23(43, 0.05, 0.95)] }],
  tanhGrad: [{ f: tf.tanhGrad, inputs: [{ values: vals(3, 44), shape: [3] }, x23(45, -0.9, 0.9)] }],
  where: [
    {
      f: (a, b) =>
        tf.where(
          tf.tensor([
            [true, false, true],
            [false, true, false],
          ]),
          a,
          b,
        ),
      inputs: [x23(25), { values: vals(3, 26), shape: [3] }],
    },
  ],
  // float64 -> float32 -> float64, the cast that records (one to the same dtype returns its
  // input): inputs and step are multiples of 2^-10, so x ± h, the float32 values and 3·x are
  // exact and the difference quotient is too; the gradient must come back as float64.
  cast: [
    {
      f: (a) => tf.cast(tf.mul(tf.cast(a, "float32"), 3), "float64"),
      inputs: [{ values: vals(6, 27).map((v) => Math.round(v * 1024) / 1024), shape: [2, 3] }],
      h: 2 ** -10,
    },
  ],
  sum: [
    { f: (a) => tf.sum(a, 1), inputs: [x23(28)] },
    { f: (a) => tf.sum(a, [0, 2], true), inputs: [{ values: vals(24, 29), shape: [2, 3, 4] }] },
  ],
  mean: [{ f: (a) => tf.mean(a, 0), inputs: [x23(30)] }],
  prod: [
    { f: (a) => tf.prod(a, 1), inputs: [x23(31)] },
    // one zero per row, and a row with two zeros
    { f: (a) => tf.prod(a, 1), inputs: [{ values: [0, 2, 3, 0, 0, 5, 1.5, -2, 0], shape: [3, 3] }] },
  ],
  max: [{ f: (a) => tf.max(a, 1), inputs: [x23(32)] }],
  min: [{ f: (a) => tf.min(a, [0, 1]), inputs: [x23(33)] }],
  matmul: [
    { f: (a, b) => tf.matmul(a, b), inputs: [x23(34), { values: vals(12, 35), shape: [3, 4] }] },
    {
      f: (a, b) => tf.matmul(a, b, true, false),
      inputs: [
        { values: vals(6, 36), shape: [3, 2] },
        { values: vals(12, 37), shape: [3, 4] },
      ],
    },
    { f: (a, b) => tf.matmul(a, b, false, true), inputs: [x23(38), { values: vals(12, 39), shape: [4, 3] }] },
    {
      f: (a, b) => tf.matmul(a, b, true, true),
      inputs: [
        { values: vals(6, 40), shape: [3, 2] },
        { values: vals(12, 41), shape: [4, 3] },
      ],
    },
    {
      f: (a, b) => tf.matmul(a, b),
      inputs: [
        { values: vals(12, 42), shape: [2, 2, 3] },
        { values: vals(6, 43), shape: [3, 2] },
      ],
    },
  ],
  // Every activation with a bias, and without one; x [2, 3], kernel [3, 4], bias [4].
  dense: [
    ...(["linear", "relu", "sigmoid", "tanh", "gelu"] as const).map((act, i) => ({
      f: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.fusedDense(x, w, b, act),
      inputs: [x23(60 + i), { values: vals(12, 70 + i), shape: [3, 4] }, { values: vals(4, 80 + i), shape: [4] }],
    })),
    { f: (x, w) => tf.fusedDense(x, w, null, "tanh"), inputs: [x23(65), { values: vals(12, 75), shape: [3, 4] }] },
  ],
  reshape: [{ f: (a) => tf.reshape(a, [3, 2]).mul(tf.tensor([1, 2, 3, 4, 5, 6], [3, 2], "float64")), inputs: [x23(44)] }],
  transpose: [{ f: (a) => tf.transpose(a, [2, 0, 1]), inputs: [{ values: vals(24, 45), shape: [2, 3, 4] }] }],
  broadcastTo: [{ f: (a) => tf.broadcastTo(a, [2, 2, 3]), inputs: [{ values: vals(3, 46), shape: [1, 3] }] }],
  slice: [{ f: (a) => tf.slice(a, [0, 1], [2, 2]), inputs: [x23(47)] }],
  pad: [
    {
      f: (a) =>
        tf.pad(a, [
          [1, 0],
          [0, 2],
        ]),
      inputs: [x23(48)],
    },
  ],
  concat: [{ f: (a, b) => tf.concat([a, b, a], 1), inputs: [x23(49), { values: vals(2, 50), shape: [2, 1] }] }],
  gather: [{ f: (a) => tf.gather(a, tf.tensor([2, 0, 2], [3], "int32"), 1), inputs: [x23(51)] }],
  scatterAdd: [{ f: (a) => tf.scatterAdd(a, tf.tensor([1, 1, 0], [3], "int32"), 0, 4), inputs: [{ values: vals(6, 52), shape: [3, 2] }] }],
  softmax: [
    { f: (a) => tf.softmax(a), inputs: [x23(53)] },
    { f: (a) => tf.softmax(a, 0), inputs: [x23(54)] },
  ],
  logSoftmax: [{ f: (a) => tf.logSoftmax(a), inputs: [x23(55)] }],
  sparseSoftmaxCrossEntropy: [
    { f: (a) => tf.sparseSoftmaxCrossEntropy(tf.tensor([2, 0], [2], "int32"), a), inputs: [x23(56)] },
    { f: (a) => tf.sparseSoftmaxCrossEntropy(tf.tensor([[1, 0]], [1, 2], "int32"), a), inputs: [{ values: vals(8, 57), shape: [1, 2, 4] }] },
  ],
};

/** loss = sum(f(xs) * w) for fixed weights w, so every output element matters. */
function lossOf(f: Fn, xs: tf.Tensor[], w: tf.Tensor): tf.Tensor {
  return tf.sum(tf.mul(f(...xs), w));
}

function check(name: string, c: Case): void {
  const xs = c.inputs.map((i) => tf.variable(tf.tensor(i.values, i.shape, "float64")));
  const out = c.f(...xs);
  const w = tf.randomUniform(out.shape as number[], 0.5, 1.5, "float64", 99);
  const tape = new tf.GradientTape();
  const loss = tape.record(() => lossOf(c.f, xs, w));
  const grads = tape.gradient(loss, xs);
  c.inputs.forEach((input, i) => {
    const numeric = input.values.map((_, j) => {
      const at = (delta: number) => {
        const moved = [...input.values];
        moved[j]! += delta;
        const args = xs.map((x, k) => (k === i ? tf.tensor(moved, input.shape, "float64") : x));
        return lossOf(c.f, args, w).dataSync()[0]!;
      };
      const h = c.h ?? H;
      return (at(h) - at(-h)) / (2 * h);
    });
    const g = grads[i];
    const analytic = g ? g.dataSync() : new Float64Array(numeric.length);
    if (g) assert.equal(g.dtype, "float64", `${name}: gradient dtype`);
    assertClose(analytic, numeric, 1e-6, 1e-7, `${name} d/dinput${i}`);
  });
}

for (const [prim, list] of Object.entries(cases)) {
  test(`gradient check: ${prim}`, () => {
    list!.forEach((c, i) => check(`${prim}#${i}`, c));
  });
}

test("every differentiable primitive has a gradient check", () => {
  const differentiable = Object.entries(gradTable)
    .filter(([, rule]) => rule !== NON_DIFFERENTIABLE)
    .map(([p]) => p)
    .sort();
  assert.deepEqual(Object.keys(cases).sort(), differentiable);
});
