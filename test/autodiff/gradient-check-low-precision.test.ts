/**
 * Gradients of float32, float16 and bfloat16 graphs, on the active backend (the native
 * kernels in the native pass; gradient-check.test.ts runs float64, which only the
 * reference kernels serve). Each analytic gradient is compared with float64 central
 * differences of the same function evaluated in float64 at the same (rounded) inputs.
 *
 * Tolerance: every op on the path from an input to the loss rounds its forward value and
 * its backward value once to the compute dtype, a relative error of at most u (half the
 * dtype's epsilon) each; to first order, a path of L ops is off by at most 2L·u of the
 * gradient's scale (its largest entry), as sums and products accumulate in float32.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

type Float = "float32" | "float16" | "bfloat16";

/** Unit roundoff of each compute dtype. */
const U: { readonly [D in Float]: number } = { float32: 2 ** -24, float16: 2 ** -11, bfloat16: 2 ** -8 };

/**
 * What a graph sees: its compute dtype `dt`, the dtype of its float32 parts `master`, and
 * constants rounded to the compute dtype, then given in `dt`. The float64 evaluation has
 * float64 for both, so it is the same function without rounding.
 */
interface Ctx {
  dt: Float | "float64";
  master: "float32" | "float64";
  c: (values: number[], shape: number[]) => tf.Tensor;
}

interface Graph {
  name: string;
  /** Input shapes with their value range; |x| stays at least `gap` (kinks, poles). */
  inputs: { shape: number[]; lo: number; hi: number; gap?: number; dtype?: "float32" }[];
  /** The scalar loss. */
  f: (ctx: Ctx, ...xs: tf.Tensor[]) => tf.Tensor;
  /** Ops on the longest path from an input to the loss. */
  depth: number;
  /** Moves drawn values off a kink the graph has (exactly: by a multiple of every dtype's spacing). */
  adjust?: (values: number[][]) => void;
}

const GRAPHS: Graph[] = [
  {
    name: "a dense layer: sum(tanh(x·W + b) * v)",
    inputs: [
      { shape: [4, 8], lo: -1, hi: 1 },
      { shape: [8, 5], lo: -0.5, hi: 0.5 },
      { shape: [5], lo: -0.5, hi: 0.5 },
    ],
    f: ({ c }, x, w, b) => tf.sum(tf.mul(tf.tanh(tf.add(tf.matmul(x!, w!), b!)), c([0.5, -1, 1.5, 0.75, -0.25], [5]))),
    depth: 5,
  },
  {
    name: "sparse softmax cross-entropy of a product, averaged",
    inputs: [
      { shape: [6, 4], lo: -1, hi: 1 },
      { shape: [4, 7], lo: -1, hi: 1 },
    ],
    f: (_, x, w) => tf.mean(tf.sparseSoftmaxCrossEntropy(tf.tensor([0, 3, 6, 2, 2, 5], [6], "int32"), tf.matmul(x!, w!))),
    depth: 3,
  },
  {
    name: "elementwise: sum(sigmoid(a) * exp(b / 2) / (1 + a²) + gelu(a) * sqrt(b) - relu(a - b))",
    inputs: [
      { shape: [3, 7], lo: -3, hi: 3, gap: 0.1 },
      { shape: [3, 7], lo: 0.5, hi: 2 },
    ],
    f: ({ c }, a, b) => {
      const one = c([1], []);
      const ratio = tf.div(tf.mul(tf.sigmoid(a!), tf.exp(tf.mul(b!, c([0.5], [])))), tf.add(one, tf.square(a!)));
      return tf.sum(tf.sub(tf.add(ratio, tf.mul(tf.gelu(a!), tf.sqrt(b!))), tf.relu(tf.sub(a!, b!))));
    },
    depth: 6,
    // relu(a - b): keep |a - b| >= 0.05.
    adjust: ([a, b]) =>
      a!.forEach((v, i) => {
        if (Math.abs(v - b![i]!) < 0.05) a![i] = v + (v >= b![i]! ? 0.0625 : -0.0625);
      }),
  },
  {
    name: "reductions and softmax: sum(softmax(a, 0) * logSoftmax(a) * mean(a, 0)) + sum(max(a, 1))",
    inputs: [{ shape: [5, 6], lo: -2, hi: 2 }],
    f: (_, a) => tf.add(tf.sum(tf.mul(tf.mul(tf.softmax(a!, 0), tf.logSoftmax(a!)), tf.mean(a!, 0))), tf.sum(tf.max(a!, 1))),
    depth: 4,
  },
  {
    name: "mixed precision: float32 weights cast to the compute dtype, the loss cast back to float32",
    inputs: [
      { shape: [3, 6], lo: -1, hi: 1 },
      { shape: [6, 4], lo: -1, hi: 1, dtype: "float32" },
    ],
    f: ({ dt, master, c }, x, w) => {
      const h = tf.matmul(x!, tf.cast(w!, dt));
      return tf.sum(tf.mul(tf.cast(tf.square(h), master), c([1, -2, 0.5, 3], [4]).cast(master)));
    },
    depth: 4,
  },
];

/** Values on [lo, hi] rounded to `dtype`, with |x| >= gap, distinct within each row so max has no ties. */
function draw(shape: number[], lo: number, hi: number, gap: number, dtype: Float, seed: number): number[] {
  const n = shape.reduce((p, d) => p * d, 1);
  const row = shape[shape.length - 1] ?? 1;
  const u = tf.randomUniform([n], 0, 1, "float64", seed).dataSync();
  const raw = Array.from(u, (v) => {
    const x = lo + (hi - lo) * v;
    return Math.abs(x) < gap ? Math.sign(x || 1) * gap : x;
  });
  const rounded = Array.from(tf.tensor(raw, [n], "float64").cast(dtype).dataSync());
  // Nudge repeats within a row by one step of the dtype's spacing at 2 (2^-6 for bfloat16).
  for (let i = 0; i < n; i++) {
    const start = i - (i % row);
    while (rounded.slice(start, i).includes(rounded[i]!)) rounded[i] = rounded[i]! + 2 ** -6;
  }
  return rounded;
}

/** Inputs of one graph, rounded to the compute dtype (or float32 where the graph says). */
function inputsOf(g: Graph, dtype: Float): number[][] {
  const values = g.inputs.map((i, k) => draw(i.shape, i.lo, i.hi, i.gap ?? 0, i.dtype ?? dtype, 7 + 13 * k));
  g.adjust?.(values);
  return values;
}

const H = 1e-6;

function check(g: Graph, dtype: Float): void {
  const values = inputsOf(g, dtype);
  const ctxOf = (dt: Float | "float64"): Ctx => ({
    dt,
    master: dt === "float64" ? "float64" : "float32",
    c: (v, shape) => tf.tensor(v, shape, "float32").cast(dtype).cast(dt),
  });
  const xs = values.map((v, k) => tf.variable(tf.tensor(v, g.inputs[k]!.shape, "float64").cast(g.inputs[k]!.dtype ?? dtype)));
  const tape = new tf.GradientTape();
  const loss = tape.record(() => g.f(ctxOf(dtype), ...xs));
  const grads = tape.gradient(loss, xs);
  const at64 = values.map((v, k) => tf.tensor(v, g.inputs[k]!.shape, "float64"));
  const loss64 = (args: tf.Tensor[]): number => tf.cast(g.f(ctxOf("float64"), ...args), "float64").dataSync()[0]!;
  values.forEach((v, k) => {
    const numeric = v.map((_, j) => {
      const moved = (d: number) =>
        at64.map((x, i) =>
          i === k
            ? tf.tensor(
                v.map((y, q) => (q === j ? y + d : y)),
                g.inputs[k]!.shape,
                "float64",
              )
            : x,
        );
      return (loss64(moved(H)) - loss64(moved(-H))) / (2 * H);
    });
    const grad = grads[k];
    assert.ok(grad, `${g.name}, ${dtype}: input ${k} has a gradient`);
    assert.equal(grad.dtype, xs[k]!.dtype, `${g.name}, ${dtype}: input ${k}'s gradient dtype`);
    const analytic = grad.dataSync();
    const scale = Math.max(...numeric.map(Math.abs));
    const tol = 2 * g.depth * U[dtype] * scale;
    numeric.forEach((want, j) => {
      const got = analytic[j]!;
      if (!(Math.abs(got - want) <= tol)) {
        assert.fail(`${g.name}, ${dtype}: d loss / d input${k}[${j}] is ${got}, float64 differences give ${want} (tolerance ${tol.toExponential(2)})`);
      }
    });
  });
}

for (const dtype of ["float32", "float16", "bfloat16"] as const) {
  test(`gradients of ${dtype} graphs on the ${tf.getBackend()} backend agree with float64 differences`, () => {
    for (const g of GRAPHS) check(g, dtype);
  });
}
