/**
 * The native backend against the reference backend: bit-exact for casts and
 * elementwise ops (NaN compared as NaN, since JavaScript does not keep a NaN's sign),
 * within float32 accumulation-order tolerance for reductions and matmul.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { assertClose } from "../../helpers.js";

const hasNative = tf.listBackends().includes("native");
const FLOATS = ["float32", "float16", "bfloat16"] as const;

/** Runs `fn` on a backend and returns dtype, shape and raw bits. */
function on(backend: string, fn: () => tf.Tensor): { dtype: string; shape: number[]; bits: ArrayLike<number>; values: ArrayLike<number> } {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    const t = fn();
    return { dtype: t.dtype, shape: [...t.shape], bits: t.bitsSync(), values: t.dataSync() };
  } finally {
    tf.setBackend(previous);
  }
}

function sameBits(what: string, fn: () => tf.Tensor): void {
  const n = on("native", fn);
  const r = on("reference", fn);
  assert.equal(n.dtype, r.dtype, `${what}: dtype`);
  assert.deepEqual(n.shape, r.shape, `${what}: shape`);
  for (let i = 0; i < r.bits.length; i++) {
    const rv = r.values[i]!;
    if (Number.isNaN(rv)) assert.ok(Number.isNaN(n.values[i]!), `${what}[${i}]: expected NaN, got ${n.values[i]}`);
    else assert.equal(n.bits[i], r.bits[i], `${what}[${i}]: native ${n.values[i]} (bits ${n.bits[i]}) vs reference ${rv} (bits ${r.bits[i]})`);
  }
}

function close(what: string, fn: () => tf.Tensor, rtol: number, atol: number): void {
  const n = on("native", fn);
  const r = on("reference", fn);
  assert.equal(n.dtype, r.dtype, `${what}: dtype`);
  assert.deepEqual(n.shape, r.shape, `${what}: shape`);
  assertClose(n.values, r.values, rtol, atol, what);
}

// Edge values every elementwise test includes: signed zeros, infinities, NaN,
// float32 subnormals, float16 limits and rounding ties.
const EDGES = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 65504, 65519.99, 65520, -65520, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -8, 6e-8, 3e-8, 1e-5, 3.4e38, -1.5, 2.5];

function values(n: number, seed: number, scale = 4): number[] {
  const r = tf.randomNormal([n], 0, scale, "float32", seed).dataSync();
  return [...EDGES, ...Array.from(r)].slice(0, Math.max(n, EDGES.length));
}

const SIZES = [1, 7, 16, 17, 100, 1000, 70001];

test("native: casts are bit-exact", { skip: !hasNative && "native backend not built" }, () => {
  for (const size of SIZES) {
    const v = values(size, size);
    const f32 = tf.tensor(v, [v.length]);
    for (const from of [...FLOATS, "uint8", "int32"] as const) {
      const src = from === "uint8" || from === "int32" ? tf.cast(tf.tensor(v.map((x) => (Number.isFinite(x) ? Math.round(x * 37) : 7)), [v.length], "int32"), from) : tf.cast(f32, from);
      for (const to of [...FLOATS, "int32", "uint8", "bool"] as const) {
        if (from === to) continue;
        sameBits(`cast ${from}->${to} n=${size}`, () => tf.cast(src, to));
      }
    }
  }
});

const UNARY = ["neg", "abs", "sign", "square", "sqrt", "rsqrt", "reciprocal", "relu"] as const;

test("native: unary ops are bit-exact", { skip: !hasNative && "native backend not built" }, () => {
  for (const size of SIZES) {
    for (const dtype of FLOATS) {
      const x = tf.cast(tf.tensor(values(size, 100 + size)), dtype);
      for (const op of UNARY) sameBits(`${op} ${dtype} n=${size}`, () => tf[op](x));
    }
  }
});

const BINARY = ["add", "sub", "mul", "div", "maximum", "minimum"] as const;
const COMPARE = ["equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual"] as const;
const SHAPES: [number[], number[]][] = [
  [[1], [1]],
  [[37], [37]],
  [[5, 33], [33]],
  [[5, 33], [5, 1]],
  [[3, 1, 20], [4, 1]],
  [[2, 3, 4], []],
  [[], [9]],
  [[40000], [40000]],
  [[3, 20000], [1, 20000]],
];

test("native: binary ops and comparisons are bit-exact, with broadcasting", { skip: !hasNative && "native backend not built" }, () => {
  for (const [sa, sb] of SHAPES) {
    for (const dtype of FLOATS) {
      const na = sa.reduce((p, d) => p * d, 1);
      const nb = sb.reduce((p, d) => p * d, 1);
      const a = tf.cast(tf.tensor(values(na, na + 1).slice(0, na), sa), dtype);
      // b reuses a's first values in places so that equal pairs and ties occur
      const av = a.dataSync();
      const bv = values(nb, nb + 2).slice(0, nb).map((x, i) => (i % 5 === 0 && i < na ? av[i]! : x));
      const b = tf.cast(tf.tensor(bv, sb), dtype);
      for (const op of [...BINARY, ...COMPARE]) sameBits(`${op} ${dtype} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`, () => tf[op](a, b));
    }
  }
});

test("native: maximum/minimum return the NaN operand itself, so its sign agrees bit for bit", { skip: !hasNative && "native backend not built" }, () => {
  const NAN_BITS = { float32: [0x7fc00000, 0xffc00000], float16: [0x7e00, 0xfe00], bfloat16: [0x7fc0, 0xffc0] } as const;
  const raw = (bits: ArrayLike<number>): number[] => Array.from(bits instanceof Float32Array ? new Uint32Array(bits.buffer, bits.byteOffset, bits.length) : bits);
  /** [1, -2, 3, 4] with the NaN of `sign` at `at` (-1: none), from raw bits so the sign is exact. */
  const values = (dtype: (typeof FLOATS)[number], at: number, sign: 0 | 1): tf.Tensor => {
    const storage = tf.tensor([1, -2, 3, 4], [4], dtype).bitsSync();
    const bits = storage instanceof Float32Array ? new Uint32Array(storage.buffer) : storage;
    if (at >= 0) bits[at] = NAN_BITS[dtype][sign];
    return tf.Tensor.fromStorage(storage, [4], dtype);
  };
  for (const dtype of FLOATS) {
    for (const [name, op] of [["maximum", tf.maximum], ["minimum", tf.minimum]] as const) {
      for (const sign of [0, 1] as const) {
        const cases: [string, () => tf.Tensor][] = [
          ["NaN first", () => op(values(dtype, 1, sign), values(dtype, -1, 0))],
          ["NaN second", () => op(values(dtype, -1, 0), values(dtype, 2, sign))],
          ["both NaN", () => op(values(dtype, 3, sign), values(dtype, 3, sign === 0 ? 1 : 0))],
        ];
        for (const [what, fn] of cases) {
          const n = raw(on("native", fn).bits);
          const r = raw(on("reference", fn).bits);
          assert.deepEqual(n, r, `${name} ${dtype} ${what} (NaN sign ${sign})`);
        }
      }
    }
  }
  // The NaN is the operand's own: float16 maximum(1, -NaN) is -NaN, maximum(-NaN, +NaN) the first.
  const m = tf.maximum(values("float16", -1, 0), values("float16", 0, 1)).bitsSync();
  assert.equal(m[0], 0xfe00);
});

test("native: allFinite agrees", { skip: !hasNative && "native backend not built" }, () => {
  for (const dtype of FLOATS) {
    sameBits(`allFinite ${dtype}`, () => tf.allFinite(tf.randomNormal([100000], 0, 1, dtype, 3)));
    for (const bad of [Infinity, -Infinity, NaN, 70000]) {
      const v = Array.from(tf.randomNormal([50000], 0, 1, "float32", 4).dataSync());
      v[49999] = bad;
      sameBits(`allFinite ${dtype} with ${bad}`, () => tf.allFinite(tf.cast(tf.tensor(v), dtype)));
    }
  }
});

test("native: reductions agree within float32 accumulation tolerance", { skip: !hasNative && "native backend not built" }, () => {
  const cases: [number[], number | number[] | undefined][] = [
    [[1], undefined], [[17], 0], [[3, 5], 1], [[3, 5], 0], [[4, 33, 7], 1], [[4, 33, 7], [0, 2]],
    [[2, 300000], 1], [[300000], undefined], [[64, 1000], 0], [[5, 3], [0, 1]],
  ];
  for (const [shape, axis] of cases) {
    const size = shape.reduce((p, d) => p * d, 1);
    for (const dtype of FLOATS) {
      const x = tf.randomNormal(shape, 1, 2, "float32", size).cast(dtype);
      const n = Math.sqrt(size);
      // 16-bit results round once: the tolerance is one 16-bit ulp on top of float32 error.
      const rtol = dtype === "float32" ? 1e-6 * n : dtype === "float16" ? 2 ** -10 : 2 ** -7;
      for (const op of ["sum", "mean"] as const) close(`${op} ${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => tf[op](x, axis), rtol, rtol * n);
      for (const op of ["max", "min"] as const) sameBits(`${op} ${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => tf[op](x, axis));
    }
  }
  for (const dtype of FLOATS) {
    sameBits(`max with NaN ${dtype}`, () => tf.max(tf.tensor([[1, NaN, 3], [4, 5, 6]], [2, 3], dtype), 1));
    sameBits(`min with NaN ${dtype}`, () => tf.min(tf.tensor([[1, NaN], [4, 5]], [2, 2], dtype), 0));
  }
});

test("native: matmul agrees within float32 accumulation tolerance", { skip: !hasNative && "native backend not built" }, () => {
  const shapes: [number, number, number][] = [[1, 1, 1], [1, 5, 1], [7, 13, 5], [33, 65, 17], [64, 64, 64], [100, 300, 50], [3, 2000, 4]];
  for (const [m, k, n] of shapes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const dtype of FLOATS) {
        const a = tf.randomUniform(ta ? [k, m] : [m, k], -1, 1, dtype, m + k);
        const b = tf.randomUniform(tb ? [n, k] : [k, n], -1, 1, dtype, k + n);
        const rtol = dtype === "float32" ? 1e-5 : dtype === "float16" ? 2 ** -10 : 2 ** -7;
        close(`matmul ${dtype} ${m}x${k}x${n} ta=${ta} tb=${tb}`, () => tf.matmul(a, b, ta, tb), rtol, rtol * Math.sqrt(k));
      }
    }
  }
  close("batched matmul", () => tf.matmul(tf.randomNormal([2, 3, 4, 5], 0, 1, "bfloat16", 1), tf.randomNormal([3, 5, 6], 0, 1, "bfloat16", 2)), 2 ** -7, 0.05);
  close("matmul of 4096 float16 ones", () => tf.matmul(tf.ones([2, 4096], "float16"), tf.ones([4096, 3], "float16")), 0, 0);
});

test("native: where is bit-exact for every dtype, with broadcasting", { skip: !hasNative && "native backend not built" }, () => {
  const shapes: [number[], number[], number[]][] = [[[5], [5], [5]], [[3, 40], [3, 40], []], [[3, 1], [1, 37], [3, 37]], [[70001], [70001], [1]]];
  for (const [sc, sa, sb] of shapes) {
    const cond = tf.greater(tf.randomNormal(sc, 0, 1, "float32", 1), 0);
    for (const dtype of ["float32", "float16", "bfloat16", "int32", "uint8", "bool"] as const) {
      const a = tf.cast(tf.randomNormal(sa, 0, 50, "float32", 2), dtype);
      const b = tf.cast(tf.randomNormal(sb, 0, 50, "float32", 3), dtype);
      sameBits(`where ${dtype} ${JSON.stringify([sc, sa, sb])}`, () => tf.where(cond, a, b));
    }
  }
});
