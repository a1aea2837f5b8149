/**
 * The native transcendental kernels against the reference backend: exp, expm1, log,
 * log1p, sigmoid, tanh, softplus, erf and gelu bit-exact (native/src/kernels/math-f32.h
 * ports src/backend/reference/float32-math.ts operation by operation; NaN compared as
 * NaN, the sign of zero compared), softmax/logSoftmax and the fused sparse softmax
 * cross-entropy within float32 accumulation-order tolerance.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { assertClose } from "../../helpers.js";
import { onBackend, skipNative } from "./native-guard.js";

const FLOATS = ["float32", "float16", "bfloat16"] as const;
type Float = (typeof FLOATS)[number];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits = (b: number): number => {
  u32[0] = b >>> 0;
  return f32[0]!;
};
const toBits = (x: number): number => {
  f32[0] = x;
  return u32[0]!;
};

/** x and its float32 neighbours, both signs. */
function around(x: number): number[] {
  const b = toBits(Math.fround(Math.abs(x)));
  const out: number[] = [];
  for (const bits of [b - 2, b - 1, b, b + 1, b + 2]) {
    if (bits < 0 || bits > 0x7f800000) continue;
    out.push(fromBits(bits), -fromBits(bits));
  }
  return out;
}

const LN2 = Math.LN2;
// Branch points of float32-math.ts (see its constants) and special values.
const EDGES: number[] = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1,
  -1,
  0.5,
  2,
  3.4e38,
  -3.4e38,
  1e30,
  -1e30,
  1e-30,
  1e-38,
  ...around(fromBits(1)),
  ...around(fromBits(0x7fffff)),
  ...around(fromBits(0x800000)),
  1e-40,
  -1e-45,
  ...around(fromBits(0x42b17217)),
  ...around(-104),
  ...around(-103.97),
  ...around(-87.34),
  ...around(88), // exp range
  ...around(fromBits(0x3eb17218)),
  ...around(-17.5),
  ...around(2 ** -25),
  ...around(0.25), // expm1
  ...around(fromBits(0x3fb504f3)),
  ...around(fromBits(0x3f3504f3)),
  ...around(fromBits(0x00b504f3)), // log: sqrt2 mantissa
  ...around(-1),
  ...around(fromBits(0xbe95f61a)),
  ...around(fromBits(0x3ed413cd)),
  ...around(2 ** -24), // log1p
  ...around(2 ** -13),
  ...around(0.625),
  ...around(9.125),
  ...around(9.011), // tanh
  ...around(0.875),
  ...around(4),
  ...around(1.5 / Math.SQRT2),
  ...around(2.5 / Math.SQRT2),
  ...around(4 / Math.SQRT2), // erf
  ...around(0.75),
  ...around(1.5),
  ...around(2.5),
  ...around(10),
  ...around(15),
  ...around(14.356069),
  ...around(16), // gelu
];
// expm1's k cases (k = -25..128): the edges of each reduction interval k*ln2 +- ln2/2.
for (let k = -26; k <= 129; k++) EDGES.push(k * LN2, (k + 0.5) * LN2, Math.fround((k + 0.5) * LN2) + 1e-6 * (k || 1));

/** LCG of the golden-hash test in test/backend/reference/float32-math.test.ts. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

/** The 131,072 golden-hash inputs: raw bit patterns, then uniform values in [-20, 20]. */
function goldenInputs(): Float32Array {
  const next = lcg(2024);
  const out = new Float32Array(131072);
  for (let i = 0; i < 65536; i++) out[i] = fromBits(next());
  for (let i = 65536; i < 131072; i++) out[i] = Math.fround(-20 + (40 * next()) / 4294967296);
  return out;
}

/** `n` inputs: the edges first, then normal values at several scales and random bit patterns. */
function inputs(n: number): Float32Array {
  const out = new Float32Array(n);
  out.set(EDGES.slice(0, n));
  const next = lcg(n);
  const scales = [0.01, 1, 4, 12, 100];
  for (let i = EDGES.length; i < n; i++) {
    const u = next() / 4294967296;
    if (i % 6 === 5) out[i] = fromBits(next());
    else out[i] = Math.fround((u - 0.5) * 2 * scales[i % 6]! * (1 + (next() % 1000) / 100));
  }
  return out;
}

const UNARY = ["exp", "expm1", "log", "log1p", "sigmoid", "tanh", "softplus", "erf", "gelu"] as const;

/** A result's bit patterns (float32 as uint32, so -0 and +0 differ), every NaN as -1. */
function bitsOf(t: tf.Tensor): Int32Array {
  const raw = t.bitsSync();
  const bits = raw instanceof Float32Array ? new Uint32Array(raw.buffer, raw.byteOffset, raw.length) : raw;
  const values = t.dataSync();
  return Int32Array.from(bits as ArrayLike<number>, (b, i) => (Number.isNaN(values[i]!) ? -1 : b));
}

function sameBits(what: string, op: (typeof UNARY)[number], x: tf.Tensor): void {
  const n = onBackend("native", () => bitsOf(tf[op](x)));
  const r = onBackend("reference", () => bitsOf(tf[op](x)));
  const xs = x.dataSync();
  for (let i = 0; i < r.length; i++) {
    if (n[i] !== r[i]) assert.fail(`${what}[${i}] x=${xs[i]}: native bits ${n[i]} vs reference bits ${r[i]} (-1: NaN)`);
  }
}

test("native: exp/expm1/log/log1p/sigmoid/tanh/softplus/erf/gelu are bit-exact", { skip: skipNative }, () => {
  const all = inputs(100003);
  for (const dtype of FLOATS) {
    const big = tf.cast(tf.tensor(all), dtype);
    for (const op of UNARY) sameBits(`${op} ${dtype} n=100003`, op, big);
    // Small sizes (masked tails) over windows that cover every edge value.
    for (const size of [1, 15, 17]) {
      for (let start = 0; start < EDGES.length; start += size) {
        const x = tf.cast(tf.tensor(all.slice(start, start + size)), dtype);
        for (const op of UNARY) sameBits(`${op} ${dtype} n=${size} @${start}`, op, x);
      }
    }
  }
});

test("native: transcendental ops match on the golden-hash inputs", { skip: skipNative }, () => {
  const x = tf.tensor(goldenInputs());
  for (const op of UNARY) sameBits(`${op} golden inputs`, op, x);
});

// ---- softmax, logSoftmax, sparse softmax cross-entropy ---------------------------------

/** float32: accumulation order; 16-bit: one ulp of the output dtype on top. */
function tolerance(dtype: Float, n: number): { rtol: number; atol: number } {
  const f = 1e-6 * Math.sqrt(n);
  if (dtype === "float32") return { rtol: f, atol: f };
  return dtype === "float16" ? { rtol: 2 ** -10 + f, atol: f + 2 ** -24 } : { rtol: 2 ** -7 + f, atol: f };
}

function closeOn(what: string, fn: () => tf.Tensor, rtol: number, atol: number): void {
  const n = onBackend("native", () => {
    const t = fn();
    return { dtype: t.dtype, shape: [...t.shape], values: t.dataSync() };
  });
  const r = onBackend("reference", () => {
    const t = fn();
    return { dtype: t.dtype, shape: [...t.shape], values: t.dataSync() };
  });
  assert.equal(n.dtype, r.dtype, `${what}: dtype`);
  assert.deepEqual(n.shape, r.shape, `${what}: shape`);
  assertClose(n.values, r.values, rtol, atol, what);
}

/** Values of `shape` at `scale`, with some rows holding -inf, +inf or NaN when `specials`. */
function logits(shape: number[], scale: number, seed: number, specials: boolean): Float32Array {
  const v = tf.randomNormal(shape, 0, scale, "float32", seed).dataSync() as Float32Array;
  if (specials && v.length >= 12) {
    v[0] = -Infinity; // one -inf in a row
    v[v.length - 1] = NaN;
    v[Math.floor(v.length / 2)] = Infinity;
    v[Math.floor(v.length / 3)] = -Infinity;
  }
  return v;
}

const SOFTMAX_CASES: [number[], number][] = [
  [[1, 1], -1],
  [[1, 1], 0],
  [[7, 13], -1],
  [[7, 13], 0],
  [[3, 1000], -1],
  [[3, 1000], 0],
  [[300, 10], -1],
  [[300, 10], 0],
  [[4, 5, 6], 1],
  [[2, 50, 37], 1],
  [[2000, 100], -1],
  [[64, 3000], 0],
];

test("native: softmax and logSoftmax agree within float32 accumulation tolerance", { skip: skipNative }, () => {
  for (const [shape, axis] of SOFTMAX_CASES) {
    const n = shape[axis < 0 ? shape.length + axis : axis]!;
    for (const [scale, specials] of [
      [3, false],
      [1e4, false],
      [5, true],
    ] as const) {
      const v = logits(shape, scale, n + shape.length, specials);
      for (const dtype of FLOATS) {
        const x = tf.cast(tf.tensor(v, shape), dtype);
        const { rtol, atol } = tolerance(dtype, n);
        const what = `${dtype} ${JSON.stringify(shape)} axis ${axis} scale ${scale}${specials ? " with inf/NaN" : ""}`;
        closeOn(`softmax ${what}`, () => tf.softmax(x, axis), rtol, atol);
        // log-softmax is (x - max) - lse: lse's error is absolute, relative to max(1, |x|).
        closeOn(`logSoftmax ${what}`, () => tf.logSoftmax(x, axis), rtol, atol * Math.max(1, scale));
      }
    }
  }
});

test("native: softmax rows of -inf, +inf and NaN behave like the reference", { skip: skipNative }, () => {
  const rows = [
    [-Infinity, -Infinity, -Infinity],
    [-Infinity, 0, 1],
    [NaN, 0, 1],
    [0, Infinity, 1],
    [Infinity, Infinity, 0],
    [-0, 0, -Infinity],
    [0, -0, -Infinity],
  ];
  for (const dtype of FLOATS) {
    const x = tf.tensor(rows, [rows.length, 3], dtype);
    for (const axis of [-1, 0]) {
      closeOn(`softmax specials ${dtype} axis ${axis}`, () => tf.softmax(x, axis), 0, 0);
      closeOn(`logSoftmax specials ${dtype} axis ${axis}`, () => tf.logSoftmax(x, axis), 0, 0);
    }
  }
});

test("native: softmax over columns (inner > 1) sums in the reference's order: bit-exact", { skip: skipNative }, () => {
  for (const dtype of FLOATS) {
    const x = tf.cast(tf.tensor(logits([40, 37], 4, 9, true), [40, 37]), dtype);
    for (const op of ["softmax", "logSoftmax"] as const) {
      const n = onBackend("native", () => bitsOf(tf[op](x, 0)));
      const r = onBackend("reference", () => bitsOf(tf[op](x, 0)));
      assert.deepEqual(n, r, `${op} ${dtype} axis 0`);
    }
  }
});

test("native: sparse softmax cross-entropy agrees within float32 tolerance", { skip: skipNative }, () => {
  const shapes: [number, number][] = [
    [1, 1],
    [7, 13],
    [300, 10],
    [3, 1000],
    [64, 1000],
    [2, 17],
  ];
  for (const [rows, classes] of shapes) {
    for (const [scale, specials] of [
      [3, false],
      [1e3, false],
      [5, true],
    ] as const) {
      const v = logits([rows, classes], scale, rows + classes, specials);
      const next = lcg(rows * classes);
      const labels = tf.tensor(
        Array.from({ length: rows }, () => next() % classes),
        [rows],
        "int32",
      );
      for (const dtype of FLOATS) {
        const x = tf.cast(tf.tensor(v, [rows, classes]), dtype);
        // The loss is float32 whatever the logits; its error is absolute at the logits' scale.
        const f = 1e-6 * Math.sqrt(classes);
        closeOn(
          `sparseSoftmaxCrossEntropy ${dtype} [${rows}, ${classes}] scale ${scale}${specials ? " with inf/NaN" : ""}`,
          () => tf.sparseSoftmaxCrossEntropy(labels, x),
          f,
          f * Math.max(1, scale),
        );
      }
    }
  }
});
