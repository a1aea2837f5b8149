/**
 * The native backend against the reference backend: bit-exact for casts and
 * elementwise ops (NaN compared as NaN, since JavaScript does not keep a NaN's sign),
 * within float32 accumulation-order tolerance for reductions and matmul. Inputs have the
 * lengths the vector kernels split at (1, 7, 15, 16, 17, ...), not padded ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { assertClose } from "../../helpers.js";
import { onBackend, skipNative } from "./native-guard.js";

const FLOATS = ["float32", "float16", "bfloat16"] as const;

/** Runs `fn` on a backend and returns dtype, shape and raw bits (float32 as its uint32 words, so -0 shows). */
function on(backend: string, fn: () => tf.Tensor): { dtype: string; shape: number[]; bits: ArrayLike<number>; values: ArrayLike<number> } {
  return onBackend(backend, () => {
    const t = fn();
    const storage = t.bitsSync();
    const bits = storage instanceof Float32Array ? new Uint32Array(storage.buffer, storage.byteOffset, storage.length) : storage;
    return { dtype: t.dtype, shape: [...t.shape], bits, values: t.dataSync() };
  });
}

function sameBits(what: string, fn: () => tf.Tensor): void {
  const n = on("native", fn);
  const r = on("reference", fn);
  assert.equal(n.dtype, r.dtype, `${what}: dtype`);
  assert.deepEqual(n.shape, r.shape, `${what}: shape`);
  for (let i = 0; i < r.bits.length; i++) {
    const rv = r.values[i]!;
    if (Number.isNaN(rv)) assert.ok(Number.isNaN(n.values[i]!), `${what}[${i}]: expected NaN, got ${n.values[i]}`);
    else
      assert.equal(
        n.bits[i],
        r.bits[i],
        `${what}[${i}]: native ${n.values[i]} (bits 0x${n.bits[i]!.toString(16)}) vs reference ${rv} (bits 0x${r.bits[i]!.toString(16)})`,
      );
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
const EDGES = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1e-40,
  -1e-40,
  65504,
  65519.99,
  65520,
  -65520,
  1 + 2 ** -11,
  1 + 3 * 2 ** -11,
  1 + 2 ** -8,
  6e-8,
  3e-8,
  1e-5,
  3.4e38,
  -1.5,
  2.5,
];

/** Exactly n values: the edge values from `offset` on, then seeded normals. */
function values(n: number, seed: number, offset = 0): number[] {
  const r = tf.randomNormal([n], 0, 4, "float32", seed).dataSync();
  return [...EDGES.slice(offset), ...Array.from(r)].slice(0, n);
}

/** Offsets of the windows of n edge values that together hold every edge value. */
const windows = (n: number): number[] => Array.from({ length: Math.ceil(EDGES.length / n) }, (_, i) => i * n);

// Real lengths around the AVX-512 kernels' 16-lane vectors (also 32 for the 16-bit halves of
// a register) and the chunking of large rows: a tail-only vector, one full vector, one plus a tail.
const SIZES = [1, 7, 15, 16, 17, 31, 32, 33, 100, 1000, 70001];

test("native: casts are bit-exact", { skip: skipNative }, () => {
  for (const size of SIZES) {
    for (const offset of windows(size)) {
      const v = values(size, size, offset);
      assert.equal(v.length, size);
      const f32 = tf.tensor(v, [size]);
      for (const from of [...FLOATS, "uint8", "int32"] as const) {
        const src =
          from === "uint8" || from === "int32"
            ? tf.cast(
                tf.tensor(
                  v.map((x) => (Number.isFinite(x) ? Math.round(x * 37) : 7)),
                  [size],
                  "int32",
                ),
                from,
              )
            : tf.cast(f32, from);
        for (const to of [...FLOATS, "int32", "uint8", "bool"] as const) {
          if (from === to) continue;
          sameBits(`cast ${from}->${to} n=${size} from edge ${offset}`, () => tf.cast(src, to));
        }
      }
    }
  }
});

const UNARY = ["neg", "abs", "sign", "square", "sqrt", "rsqrt", "reciprocal", "relu"] as const;

test("native: unary ops are bit-exact", { skip: skipNative }, () => {
  for (const size of SIZES) {
    for (const offset of windows(size)) {
      for (const dtype of FLOATS) {
        const x = tf.cast(tf.tensor(values(size, 100 + size, offset)), dtype);
        assert.equal(x.size, size);
        for (const op of UNARY) sameBits(`${op} ${dtype} n=${size} from edge ${offset}`, () => tf[op](x));
      }
    }
  }
});

const BINARY = ["add", "sub", "mul", "div", "maximum", "minimum", "reluGrad", "sigmoidGrad", "tanhGrad"] as const;
const COMPARE = ["equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual"] as const;
const SHAPES: [number[], number[]][] = [
  [[1], [1]],
  [[37], [37]],
  [[5, 33], [33]],
  [
    [5, 33],
    [5, 1],
  ],
  [
    [3, 1, 20],
    [4, 1],
  ],
  [[2, 3, 4], []],
  [[], [9]],
  [[40000], [40000]],
  [
    [3, 20000],
    [1, 20000],
  ],
];

test("native: binary ops and comparisons are bit-exact, with broadcasting", { skip: skipNative }, () => {
  for (const [sa, sb] of SHAPES) {
    for (const dtype of FLOATS) {
      const na = sa.reduce((p, d) => p * d, 1);
      const nb = sb.reduce((p, d) => p * d, 1);
      const a = tf.cast(tf.tensor(values(na, na + 1), sa), dtype);
      // b reuses a's first values in places so that equal pairs and ties occur
      const av = a.dataSync();
      const bv = values(nb, nb + 2).map((x, i) => (i % 5 === 0 && i < na ? av[i]! : x));
      const b = tf.cast(tf.tensor(bv, sb), dtype);
      for (const op of [...BINARY, ...COMPARE]) sameBits(`${op} ${dtype} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`, () => tf[op](a, b));
    }
  }
});

test("native: maximum/minimum return the NaN operand itself, so its sign agrees bit for bit", { skip: skipNative }, () => {
  const NAN_BITS = { float32: [0x7fc00000, 0xffc00000], float16: [0x7e00, 0xfe00], bfloat16: [0x7fc0, 0xffc0] } as const;
  const raw = (bits: ArrayLike<number>): number[] =>
    Array.from(bits instanceof Float32Array ? new Uint32Array(bits.buffer, bits.byteOffset, bits.length) : bits);
  /** [1, -2, 3, 4] with the NaN of `sign` at `at` (-1: none), from raw bits so the sign is exact. */
  const values = (dtype: (typeof FLOATS)[number], at: number, sign: 0 | 1): tf.Tensor => {
    const storage = tf.tensor([1, -2, 3, 4], [4], dtype).bitsSync();
    const bits = storage instanceof Float32Array ? new Uint32Array(storage.buffer) : storage;
    if (at >= 0) bits[at] = NAN_BITS[dtype][sign];
    return tf.Tensor.fromStorage(storage, [4], dtype);
  };
  for (const dtype of FLOATS) {
    for (const [name, op] of [
      ["maximum", tf.maximum],
      ["minimum", tf.minimum],
    ] as const) {
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

test("native: allFinite agrees", { skip: skipNative }, () => {
  for (const dtype of FLOATS) {
    sameBits(`allFinite ${dtype}`, () => tf.allFinite(tf.randomNormal([100000], 0, 1, dtype, 3)));
    for (const bad of [Infinity, -Infinity, NaN, 70000]) {
      const v = Array.from(tf.randomNormal([50000], 0, 1, "float32", 4).dataSync());
      v[49999] = bad;
      sameBits(`allFinite ${dtype} with ${bad}`, () => tf.allFinite(tf.cast(tf.tensor(v), dtype)));
    }
  }
});

/** Unit roundoff (half the epsilon) of each float dtype. */
const U = { float32: 2 ** -24, float16: 2 ** -11, bfloat16: 2 ** -8 } as const;

test("native: reductions agree within float32 accumulation tolerance over the reduced length", { skip: skipNative }, () => {
  const cases: [number[], number | number[] | undefined][] = [
    [[1], undefined],
    [[15], undefined],
    [[17], 0],
    [[33], undefined],
    [[3, 5], 1],
    [[3, 5], 0],
    [[7, 15], 0],
    [[3, 16, 17], 1],
    [[4, 33, 7], 1],
    [
      [4, 33, 7],
      [0, 2],
    ],
    [[2, 300000], 1],
    [[300000], undefined],
    [[64, 1000], 0],
    [
      [5, 3],
      [0, 1],
    ],
  ];
  for (const [shape, axis] of cases) {
    for (const dtype of FLOATS) {
      const x = tf
        .randomNormal(
          shape,
          1,
          2,
          "float32",
          shape.reduce((p, d) => p * d, 1),
        )
        .cast(dtype);
      // Per output: the float32 sums of the two backends (in different orders) each stay within
      // λ·√r·u·Σ|x| of the exact sum with high probability (probabilistic rounding analysis,
      // λ = 4), r the reduced length; a 16-bit result then rounds once, so they may be a
      // 16-bit ulp apart. A mean divides all of it by r.
      const absSum = onBackend("reference", () => tf.sum(tf.abs(tf.cast(x, "float64")), axis).dataSync());
      const r = x.size / absSum.length;
      for (const op of ["sum", "mean"] as const) {
        const what = `${op} ${dtype} ${JSON.stringify(shape)} axis ${axis}`;
        const n = on("native", () => tf[op](x, axis));
        const ref = on("reference", () => tf[op](x, axis));
        assert.deepEqual([n.dtype, ...n.shape], [ref.dtype, ...ref.shape], `${what}: dtype and shape`);
        for (let i = 0; i < absSum.length; i++) {
          const e = ref.values[i]!;
          if (!Number.isFinite(e)) {
            assert.equal(n.values[i], e, `${what}[${i}]: an overflow agrees`);
            continue;
          }
          const tol = (2 * 4 * Math.sqrt(r) * U.float32 * absSum[i]!) / (op === "mean" ? r : 1) + (dtype === "float32" ? 0 : 2 * U[dtype] * Math.abs(e));
          assert.ok(
            Math.abs(n.values[i]! - e) <= tol,
            `${what}[${i}]: native ${n.values[i]} vs reference ${e} (tolerance ${tol.toExponential(2)} for r = ${r})`,
          );
        }
      }
      for (const op of ["max", "min"] as const) sameBits(`${op} ${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => tf[op](x, axis));
    }
  }
  for (const dtype of FLOATS) {
    sameBits(`max with NaN ${dtype}`, () =>
      tf.max(
        tf.tensor(
          [
            [1, NaN, 3],
            [4, 5, 6],
          ],
          [2, 3],
          dtype,
        ),
        1,
      ),
    );
    sameBits(`min with NaN ${dtype}`, () =>
      tf.min(
        tf.tensor(
          [
            [1, NaN],
            [4, 5],
          ],
          [2, 2],
          dtype,
        ),
        0,
      ),
    );
  }
});

test("native: matmul agrees within float32 accumulation tolerance", { skip: skipNative }, () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 5, 1],
    [7, 13, 5],
    [33, 65, 17],
    [64, 64, 64],
    [100, 300, 50],
    [3, 2000, 4],
  ];
  for (const [m, k, n] of shapes) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
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

test("native: where is bit-exact for every dtype, with broadcasting", { skip: skipNative }, () => {
  const shapes: [number[], number[], number[]][] = [
    [[5], [5], [5]],
    [[3, 40], [3, 40], []],
    [
      [3, 1],
      [1, 37],
      [3, 37],
    ],
    [[70001], [70001], [1]],
  ];
  for (const [sc, sa, sb] of shapes) {
    const cond = tf.greater(tf.randomNormal(sc, 0, 1, "float32", 1), 0);
    for (const dtype of ["float32", "float16", "bfloat16", "int32", "uint8", "bool"] as const) {
      const a = tf.cast(tf.randomNormal(sa, 0, 50, "float32", 2), dtype);
      const b = tf.cast(tf.randomNormal(sb, 0, 50, "float32", 3), dtype);
      sameBits(`where ${dtype} ${JSON.stringify([sc, sa, sb])}`, () => tf.where(cond, a, b));
    }
  }
});
