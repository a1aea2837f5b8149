/**
 * Reductions over long axes, with exact expected values: the native kernels reduce a row
 * of 64 Ki elements or more in 64 Ki chunks when there are few rows (one partial result per
 * chunk, combined after), row by row otherwise, and accumulate whole rows for inner axes
 * (native/src/kernels/reduce.cc). Ones and small integers sum exactly in float32 and round
 * once to the output dtype, so any element lost or counted twice at a chunk edge shows.
 * Every case runs with 1 thread and with 4 (4 threads make 3 rows take the chunked path).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

const CHUNK = 2 ** 16;
const FLOATS = ["float32", "float16", "bfloat16"] as const;
type Float = (typeof FLOATS)[number];

/** Positions on both sides of every chunk edge of a row of `r`, and the row's ends. */
function edges(r: number): number[] {
  const at = [0, 1, r - 1];
  for (let c = CHUNK; c < r; c += CHUNK) at.push(c - 1, c, c + 1);
  return [...new Set(at)].filter((i) => i >= 0 && i < r).sort((a, b) => a - b);
}

/** `fn` with the native pool at each size (once on the reference backend, which has no pool). */
function withThreads(fn: (threads: number) => void): void {
  const previous = tf.config.threading.getIntraOpParallelismThreads();
  try {
    for (const threads of tf.getBackend() === "native" ? [1, 4] : [1]) {
      tf.config.threading.setIntraOpParallelismThreads(threads);
      fn(threads);
    }
  } finally {
    tf.config.threading.setIntraOpParallelismThreads(previous);
  }
}

/** `value` rounded to `dtype`, as a one-element tensor reads it back. */
const rounded = (value: number, dtype: Float): number => tf.tensor([value], [1], "float32").cast(dtype).dataSync()[0]!;

const LENGTHS = [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3, 300000];

test("sum and mean of ones over a long last axis are exact: sum(ones([300000])) is 300000", () => {
  withThreads((threads) => {
    for (const r of LENGTHS) {
      for (const rows of [1, 3]) {
        const x = tf.ones([rows, r]);
        const what = `${threads} threads, [${rows}, ${r}]`;
        assert.deepEqual([...tf.sum(x, 1).dataSync()], new Array(rows).fill(r), `sum ${what}`);
        assert.deepEqual([...tf.mean(x, 1).dataSync()], new Array(rows).fill(1), `mean ${what}`);
        // Row q all q + 1, so a row that reads another row's chunks shows too.
        const counts = [...Array(rows).keys()].map((q) => q + 1);
        const y = tf.mul(x, tf.tensor(counts, [rows, 1]));
        assert.deepEqual(
          [...tf.sum(y, 1).dataSync()],
          counts.map((c) => c * r),
          `sum of rows of 1, 2, 3 ${what}`,
        );
        assert.deepEqual([...tf.mean(y, 1).dataSync()], counts, `mean of rows of 1, 2, 3 ${what}`);
      }
      assert.equal(tf.sum(tf.ones([r])).dataSync()[0], r, `${threads} threads, sum of all ${r}`);
    }
  });
});

test("16-bit sums over a long axis count every element next to a chunk edge", () => {
  // Ones only at the edges (so the count stays exact in bfloat16's 8 bits), zeros elsewhere.
  withThreads((threads) => {
    for (const r of LENGTHS) {
      const at = edges(r);
      const v = new Float32Array(3 * r);
      for (let row = 0; row < 3; row++) for (const i of at.slice(0, at.length - row)) v[row * r + i] = 1;
      const counts = [0, 1, 2].map((row) => at.length - row);
      for (const dtype of FLOATS) {
        const x = tf.tensor(v, [3, r], "float32").cast(dtype);
        const what = `${dtype} ${threads} threads, r = ${r}`;
        assert.deepEqual([...tf.sum(x, 1).dataSync()], counts, `sum ${what}`);
        // The mean divides the float32 sum by r in float32 and rounds once.
        assert.deepEqual(
          [...tf.mean(x, 1).dataSync()],
          counts.map((c) => rounded(Math.fround(c / r), dtype)),
          `mean ${what}`,
        );
      }
    }
  });
});

test("max, min, argmax and argmin find an extreme at either side of each chunk edge", () => {
  const r = 2 * CHUNK + 3;
  const at = edges(r);
  // Three rows at a time (the chunked path with 4 threads); row q of group g has its maximum
  // 100 + q at at[3g + q] and its minimum -100 - q at the next edge; a ramp of 1/8 steps elsewhere.
  const groups = [0, 1, 2].map((g) => {
    const rows = [0, 1, 2].map((q) => [at[(3 * g + q) % at.length]!, at[(3 * g + q + 1) % at.length]!] as const);
    const v = new Float32Array(3 * r);
    rows.forEach(([hi, lo], q) => {
      for (let i = 0; i < r; i++) v[q * r + i] = (i % 17) / 8;
      v[q * r + hi] = 100 + q;
      v[q * r + lo] = -100 - q;
    });
    return { rows, x: tf.tensor(v, [3, r], "float32") };
  });
  withThreads((threads) => {
    for (const dtype of FLOATS) {
      for (const { rows, x: x32 } of groups) {
        const x = x32.cast(dtype);
        const what = `${dtype} ${threads} threads, extremes at ${JSON.stringify(rows)}`;
        assert.deepEqual([...tf.max(x, 1).dataSync()], [100, 101, 102], `max ${what}`);
        assert.deepEqual([...tf.min(x, 1).dataSync()], [-100, -101, -102], `min ${what}`);
        assert.deepEqual(
          [...tf.argmax(x, 1).dataSync()],
          rows.map(([hi]) => hi),
          `argmax ${what}`,
        );
        assert.deepEqual(
          [...tf.argmin(x, 1).dataSync()],
          rows.map(([, lo]) => lo),
          `argmin ${what}`,
        );
      }
    }
  });
});

test("reductions over a long leading axis (inner > 1) and over non-adjacent axes are exact", () => {
  withThreads((threads) => {
    for (const dtype of FLOATS) {
      // [r, 3] over axis 0: every column accumulates r rows; an extreme in column 1 at the chunk edge.
      const r = CHUNK + 2;
      const v = new Float32Array(r * 3);
      for (const i of edges(r)) v[i * 3 + 1] = 1;
      v[CHUNK * 3 + 2] = 5;
      const x = tf.tensor(v, [r, 3], "float32").cast(dtype);
      const what = `${dtype} ${threads} threads`;
      assert.deepEqual([...tf.sum(x, 0).dataSync()], [0, edges(r).length, 5], `sum over axis 0, ${what}`);
      assert.deepEqual([...tf.max(x, 0).dataSync()], [0, 1, 5], `max over axis 0, ${what}`);
      assert.deepEqual([...tf.argmax(x, 0).dataSync()], [0, 0, CHUNK], `argmax over axis 0, ${what}`);
      assert.deepEqual([...tf.sum(tf.ones([2, r, 2], dtype), 1).dataSync()], new Array(4).fill(rounded(r, dtype)), `sum over the middle axis, ${what}`);
      // [2, 3, 40000] over [0, 2]: 80000 elements per output, gathered into one row each.
      const y = tf.ones([2, 3, 40000], dtype);
      assert.deepEqual([...tf.sum(y, [0, 2]).dataSync()], new Array(3).fill(rounded(80000, dtype)), `sum over [0, 2], ${what}`);
      assert.deepEqual([...tf.mean(y, [0, 2]).dataSync()], [1, 1, 1], `mean over [0, 2], ${what}`);
    }
  });
});
