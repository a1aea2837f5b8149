/**
 * The native GEMM driver (native/src/gemm/gemm.cc) across its blocking: shapes that cross
 * every block of the kernel in use (kc slices of k, mc row blocks, nc column blocks, the
 * m chunks of the float32 workspace that 16-bit outputs use when k > kc), k = 0, empty
 * operands and broadcast batches, each against a float64 product of the same (already
 * rounded) inputs. The bound is the float32 dot-product bound γ_k·Σ|a||b| plus one
 * rounding to the output dtype: an entry that is off by a misplaced block is far outside it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as tf from "../../../src/index.js";
import { nativeAddon } from "../../../src/backend/registry.js";
import { DTYPE_CODE } from "../../../src/backend/native/native-addon.js";
import { onBackend, skipNative } from "./native-guard.js";

const FLOATS = ["float32", "float16", "bfloat16"] as const;
type Float = (typeof FLOATS)[number];

/**
 * Register tile (mr x nr) and cache blocks of each kernel, as native/src/gemm/tiles.h and
 * gemm-portable.cc set them; the first test checks this table against those sources.
 */
const BLOCKS: { readonly [kernel: string]: { mr: number; nr: number; kc: number; mc: number; nc: number } } = {
  "avx512-f32": { mr: 14, nr: 32, kc: 256, mc: 14 * 24, nc: 4096 },
  "avx512-bf16": { mr: 14, nr: 32, kc: 512, mc: 14 * 24, nc: 4096 },
  "avx2-f32": { mr: 6, nr: 16, kc: 256, mc: 6 * 40, nc: 4096 },
  "portable-f32": { mr: 6, nr: 16, kc: 256, mc: 6 * 20, nc: 4096 },
};

/** The blocks gemm() uses for a product of two `dtype` operands. */
function blocksFor(dtype: Float) {
  const kernel = nativeAddon!.gemmKernelName(DTYPE_CODE[dtype], DTYPE_CODE[dtype]);
  const blocks = BLOCKS[kernel];
  assert.ok(blocks, `gemm kernel '${kernel}' has no entry in BLOCKS: add its tile and block sizes`);
  return blocks;
}

/** Rows of one m chunk of the 16-bit workspace (gemm.cc bounds it to 4 Mi floats). */
function workspaceRows(b: { nr: number; mc: number; nc: number }, n: number): number {
  const nc = Math.min(b.nc, Math.ceil(n / b.nr) * b.nr);
  return Math.max(b.mc, Math.floor(Math.floor((4 << 20) / nc) / b.mc) * b.mc);
}

/** Unit roundoff of each dtype (half its epsilon). */
const U: { readonly [D in Float]: number } = { float32: 2 ** -24, float16: 2 ** -11, bfloat16: 2 ** -8 };

/** Half the smallest positive (subnormal) value: the absolute rounding error near 0. */
const TINY: { readonly [D in Float]: number } = { float32: 2 ** -150, float16: 2 ** -25, bfloat16: 2 ** -134 };

const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** A product's operands as op(A) (m rows of k) and op(B)^T (n rows of k), in float64. */
interface Operands {
  m: number;
  k: number;
  n: number;
  ar: Float64Array;
  bt: Float64Array;
}

/** Values in [-1, 1) from xorshift32: the operands here are large and tf.randomUniform's Philox is slow in JS. */
function uniform(size: number, seed: number): Float32Array {
  const v = new Float32Array(size);
  let x = seed * 0x9e3779b9 || 1;
  for (let i = 0; i < v.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    v[i] = (x >>> 0) / 2 ** 31 - 1;
  }
  return v;
}

/** Random operands already rounded to `dtype` (float32 values cast natively), so float64 sees exactly what the kernel reads. */
function randomOperands(dtype: Float, m: number, k: number, n: number, seed: number): Operands & { a: tf.Tensor; b: tf.Tensor } {
  // op(A) as [m, k] and op(B) as [k, n], the layouts matmul(a, b) reads without transposes.
  const a = tf.tensor(uniform(m * k, seed), [m, k], "float32").cast(dtype);
  const b = tf.tensor(uniform(k * n, seed + 1), [k, n], "float32").cast(dtype);
  return { ...operandsOf(a, b, false, false), a, b };
}

/** The native product of the operands stored as matmul(a, b, ta, tb) reads them. */
function nativeProduct(o: { a: tf.Tensor; b: tf.Tensor }, ta: boolean, tb: boolean): tf.Tensor {
  const a = ta ? tf.transpose(o.a) : o.a;
  const b = tb ? tf.transpose(o.b) : o.b;
  return onBackend("native", () => tf.matmul(a, b, ta, tb));
}

/** The operands of matmul(a, b, ta, tb) for rank-2 a and b. */
function operandsOf(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): Operands {
  const [m, k] = ta ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const n = tb ? b.shape[0]! : b.shape[1]!;
  const av = a.dataSync();
  const bv = b.dataSync();
  const ar = new Float64Array(m * k);
  const bt = new Float64Array(n * k);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) ar[i * k + p] = ta ? av[p * m + i]! : av[i * k + p]!;
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) bt[j * k + p] = tb ? bv[j * k + p]! : bv[p * n + j]!;
  return { m, k, n, ar, bt };
}

/** Entries (i, j) to check, with their float64 value Σab and Σ|a||b|. */
interface Expected {
  at: [number, number][];
  sum: Float64Array;
  abs: Float64Array;
}

/** The float64 product at every entry, or at every entry of the given rows and columns. */
function expected(o: Operands, only?: { rows: number[]; cols: number[] }): Expected {
  const { m, k, n, ar, bt } = o;
  const at: [number, number][] = [];
  if (!only) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at.push([i, j]);
  else {
    for (const i of only.rows) for (let j = 0; j < n; j++) at.push([i, j]);
    for (const j of only.cols) for (let i = 0; i < m; i++) at.push([i, j]);
  }
  const sum = new Float64Array(at.length);
  const abs = new Float64Array(at.length);
  at.forEach(([i, j], e) => {
    let s = 0;
    let a = 0;
    for (let q = 0; q < k; q++) {
      const t = ar[i * k + q]! * bt[j * k + q]!;
      s += t;
      a += Math.abs(t);
    }
    sum[e] = s;
    abs[e] = a;
  });
  return { at, sum, abs };
}

/** |c - Σab| <= γ_k·Σ|a||b|·(1 + u) + u·|Σab| + tiny, with u the output's roundoff: float32 accumulation, one rounding. */
function checkProduct(what: string, c: tf.Tensor, k: number, want: Expected): void {
  const n = c.shape[c.shape.length - 1]!;
  const cv = c.dataSync();
  const u = U[c.dtype as Float];
  const gamma = (k * U.float32) / (1 - k * U.float32);
  want.at.forEach(([i, j], e) => {
    const s = want.sum[e]!;
    const tol = gamma * want.abs[e]! * (1 + u) + u * Math.abs(s) + TINY[c.dtype as Float];
    const got = cv[i * n + j]!;
    if (!(Math.abs(got - s) <= tol)) assert.fail(`${what}: c[${i}, ${j}] is ${got}, float64 gives ${s} (bound ${tol.toExponential(2)})`);
  });
}

/** Checks the native product of random m x k x n operands in every transpose against float64. */
function checkTransposes(dtype: Float, m: number, k: number, n: number, seed: number): void {
  const o = randomOperands(dtype, m, k, n, seed);
  const want = expected(o);
  for (const [ta, tb] of TRANSPOSES) checkProduct(`${dtype} ${m}x${k}x${n} ta=${ta} tb=${tb}`, nativeProduct(o, ta, tb), k, want);
}

test("the BLOCKS table matches the kernels' sources", () => {
  const src = (file: string) => readFileSync(new URL(`../../../native/src/gemm/${file}`, import.meta.url), "utf8");
  const tiles = src("tiles.h");
  const value = (name: string): number => {
    const m = new RegExp(`\\b${name} = ([0-9* ]+)[,;]`).exec(tiles);
    assert.ok(m, `tiles.h defines ${name}`);
    return m[1]!.split("*").reduce((p, f) => p * Number(f), 1);
  };
  for (const [kernel, prefix] of [
    ["avx512-f32", "kF32"],
    ["avx512-bf16", "kBf16"],
    ["avx2-f32", "kAvx2"],
  ] as const) {
    const b = BLOCKS[kernel]!;
    assert.deepEqual(
      [b.mr, b.nr, b.kc, b.mc, b.nc],
      ["Mr", "Nr", "Kc", "Mc", "Nc"].map((s) => value(prefix + s)),
      kernel,
    );
  }
  const portable = /constexpr int kMr = (\d+), kNr = (\d+);[\s\S]*"portable-f32", kMr, kNr, 1, 4, (\d+), kMr \* (\d+), (\d+),/.exec(src("gemm-portable.cc"));
  assert.ok(portable, "gemm-portable.cc declares its Impl as this test reads it");
  const [mr, nr, kc, mcTiles, nc] = portable.slice(1).map(Number) as [number, number, number, number, number];
  assert.deepEqual(BLOCKS["portable-f32"], { mr, nr, kc, mc: mr * mcTiles, nc });
});

test("native matmul: n past the column block (B packed at its block's offset), k past kc, every transpose", { skip: skipNative }, () => {
  for (const dtype of FLOATS) {
    const { nr, kc, nc } = blocksFor(dtype);
    // A partial micro-panel in the second column block, an odd k in a second kc slice.
    const [m, k, n] = [3, kc + 3, nc + nr + 5];
    checkTransposes(dtype, m, k, n, 1);
  }
});

test("native matmul: m past the row block, partial register tiles, every transpose", { skip: skipNative }, () => {
  for (const dtype of FLOATS) {
    const { mr, nr, kc, mc } = blocksFor(dtype);
    for (const [m, k, n] of [
      [mc + mr + 3, kc + 5, 2 * nr + 3],
      [1, 1, 1],
      [mr - 1, 3, nr - 1],
      [mr, kc, nr],
    ] as const) {
      checkTransposes(dtype, m, k, n, 3);
    }
  }
});

// The smallest products that reach the workspace's second m chunk: about 4 Mi·kc
// multiply-adds each (some 0.5 s on two portable cores, milliseconds with AVX-512), so
// only the rows and columns next to each block edge are checked against float64.
for (const dtype of ["float16", "bfloat16"] as const) {
  test(`native matmul: ${dtype} output with k > kc, m past the workspace's m chunk and n past nc`, { skip: skipNative }, () => {
    const { mr, nr, kc, mc, nc } = blocksFor(dtype);
    const n = nc + 7;
    const chunk = workspaceRows({ nr, mc, nc }, n);
    const [m, k] = [chunk + mr + 1, kc + 1];
    const o = randomOperands(dtype, m, k, n, 5);
    const c = nativeProduct(o, false, false);
    // Both sides of each block edge, and a stride prime to the tiles for the rows between.
    const sample = (size: number, edges: number[], stride: number) =>
      [...new Set([...edges.flatMap((e) => [e - 1, e]), size - 1, ...[...Array(size).keys()].filter((i) => i % stride === 0)])].filter(
        (i) => i >= 0 && i < size,
      );
    const rows = sample(m, [mr, mc, chunk, chunk + 1], 37);
    const cols = sample(n, [nr, nc], 97);
    checkProduct(`${dtype} ${m}x${k}x${n}`, c, k, expected(o, { rows, cols }));
  });
}

test("native matmul with k = 0 is zeros; the fused bias and relu alone give the rows", { skip: skipNative }, () => {
  for (const dtype of FLOATS) {
    const c = onBackend("native", () => tf.matmul(tf.ones([5, 0], dtype), tf.ones([0, 70], dtype)));
    assert.deepEqual([c.dtype, ...c.shape], [dtype, 5, 70]);
    assert.deepEqual([...c.dataSync()], new Array(350).fill(0), `${dtype} k = 0`);
    // Through the addon, where the bias and relu are fused: every row is relu(bias) rounded once.
    const bias = Float32Array.from({ length: 70 }, (_, j) => (j - 35) / 3);
    const out = tf.zeros([5, 70], dtype).bitsSync();
    const none = tf.zeros([0], dtype).bitsSync();
    nativeAddon!.gemm(DTYPE_CODE[dtype], none, DTYPE_CODE[dtype], none, DTYPE_CODE[dtype], out, 5, 70, 0, false, false, 0, 70, 70, bias, true, -1);
    const want = tf
      .tensor(
        Array.from({ length: 5 }, () => Array.from(bias, (v) => Math.max(v, 0))),
        [5, 70],
        "float32",
      )
      .cast(dtype)
      .bitsSync();
    assert.deepEqual([...out], [...want], `${dtype} k = 0 with bias and relu`);
  }
});

test("native matmul of empty operands: m = 0, n = 0 or an empty batch give empty results", { skip: skipNative }, () => {
  for (const dtype of FLOATS) {
    const cases: [number[], number[], boolean, boolean, number[]][] = [
      [[0, 300], [300, 40], false, false, [0, 40]],
      [[300, 0], [300, 40], true, false, [0, 40]],
      [[20, 300], [300, 0], false, false, [20, 0]],
      [[20, 300], [0, 300], false, true, [20, 0]],
      [[0, 20, 3], [3, 5], false, false, [0, 20, 5]],
    ];
    for (const [sa, sb, ta, tb, want] of cases) {
      const c = onBackend("native", () => tf.matmul(tf.ones(sa, dtype), tf.ones(sb, dtype), ta, tb));
      assert.deepEqual([c.dtype, ...c.shape], [dtype, ...want], `${dtype} ${JSON.stringify(sa)} x ${JSON.stringify(sb)}`);
      assert.equal(c.dataSync().length, 0);
    }
  }
});

test("native batched matmul broadcasts the batch dims of either side; each batch is its own product", { skip: skipNative }, () => {
  const slice = (t: tf.Tensor, batch: number[]) => {
    const s = t.shape.slice(0, -2);
    // Broadcast: a dim of 1 (or a missing leading one) stands for every batch index.
    const idx = batch.slice(batch.length - s.length).map((v, d) => (s[d] === 1 ? 0 : v));
    const [r, c] = t.shape.slice(-2) as [number, number];
    return tf.reshape(tf.slice(t, [...idx, 0, 0], [...idx.map(() => 1), r, c]), [r, c]);
  };
  for (const dtype of FLOATS) {
    const { kc } = blocksFor(dtype);
    const cases: [number[], number[], boolean, boolean][] = [
      [[2, 1, 5, kc + 2], [3, kc + 2, 9], false, false],
      [[3, 5, 7], [7, 9], false, false],
      [[1, 7, 5], [4, 9, 7], true, true],
      [[4, 1, 7, 5], [1, 3, 7, 9], true, false],
    ];
    cases.forEach(([sa, sb, ta, tb], ci) => {
      const a = tf.randomUniform(sa, -1, 1, dtype, 10 + ci);
      const b = tf.randomUniform(sb, -1, 1, dtype, 20 + ci);
      const c = onBackend("native", () => tf.matmul(a, b, ta, tb));
      const batch = c.shape.slice(0, -2);
      const [m, n] = c.shape.slice(-2) as [number, number];
      for (let index = 0; index < batch.reduce((p, d) => p * d, 1); index++) {
        const at = batch.map((_, d) => Math.floor(index / batch.slice(d + 1).reduce((p, e) => p * e, 1)) % batch[d]!);
        const one = tf.reshape(tf.slice(c, [...at, 0, 0], [...at.map(() => 1), m, n]), [m, n]);
        const o = operandsOf(slice(a, at), slice(b, at), ta, tb);
        checkProduct(`${dtype} ${JSON.stringify(sa)} x ${JSON.stringify(sb)} batch ${JSON.stringify(at)}`, one, o.k, expected(o));
      }
    });
  }
});
