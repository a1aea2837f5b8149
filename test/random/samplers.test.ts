import { test } from "node:test";
import assert from "node:assert/strict";

import { philox4x32, philoxFill } from "../../src/random/philox.js";
import { normalizeSeed, sampleInt, sampleNormal, sampleTruncatedNormal, sampleUniform, uniformFloats } from "../../src/random/samplers.js";

const N = 100_000;

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return s / xs.length;
}

function countEqual(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same;
}

/** Pearson chi-square statistic of observed counts against a uniform expectation. */
function chiSquare(counts: number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

// ---------------------------------------------------------------- uniform

test("uniformFloats: in [0, 1), exact in float32, mean 1/2 and variance 1/12", () => {
  const u = uniformFloats(N, 1234);
  assert.equal(u.length, N);
  for (let i = 0; i < N; i++) {
    const x = u[i]!;
    assert.ok(x >= 0 && x < 1, `u[${i}] = ${x}`);
    assert.equal(Math.fround(x), x, "24-bit grid survives a float32 cast");
  }
  assert.ok(Math.abs(mean(u) - 0.5) < 0.005, `mean ${mean(u)}`);
  assert.ok(Math.abs(variance(u) - 1 / 12) < 0.003, `variance ${variance(u)}`);
  // Casting to float32 keeps every value below 1.
  for (const x of Float32Array.from(u)) assert.ok(x < 1);
});

test("uniformFloats: follows the documented recipe (w >>> 8) * 2^-24", () => {
  const words = philoxFill(new Uint32Array(9), 77, 5);
  const u = uniformFloats(9, 77, 5);
  for (let i = 0; i < 9; i++) assert.equal(u[i], (words[i]! >>> 8) / 2 ** 24);
  // The all-zero KAT block: word 0 is 0x6627e8d5.
  assert.equal(uniformFloats(1, 0)[0], (0x6627e8d5 >>> 8) / 2 ** 24);
});

test("uniformFloats: deterministic, prefix-stable; seed and stream change the values", () => {
  const a = uniformFloats(1000, 5);
  assert.deepEqual(uniformFloats(1000, 5), a);
  assert.deepEqual(uniformFloats(1000, 5, 0), a);
  assert.deepEqual(uniformFloats(333, 5), a.subarray(0, 333));
  assert.ok(countEqual(uniformFloats(1000, 6), a) < 5);
  assert.ok(countEqual(uniformFloats(1000, 5, 1), a) < 5);
  assert.equal(uniformFloats(0, 5).length, 0);
});

test("sampleUniform: minval + (maxval - minval) * u", () => {
  const u = uniformFloats(N, 9);
  const x = sampleUniform(N, -3, 5, 9);
  for (let i = 0; i < N; i++) {
    assert.equal(x[i], -3 + 8 * u[i]!);
    assert.ok(x[i]! >= -3 && x[i]! < 5);
  }
  assert.ok(Math.abs(mean(x) - 1) < 0.04, `mean ${mean(x)}`);
  assert.ok(Math.abs(variance(x) - 64 / 12) < 0.2, `variance ${variance(x)}`);
  assert.throws(() => sampleUniform(3, Number.NaN, 1, 0), { name: "TypeError", message: /minval/ });
  assert.throws(() => sampleUniform(3, 0, Infinity, 0), { name: "TypeError", message: /maxval/ });
});

// ---------------------------------------------------------------- normal

test("sampleNormal: mean 0 and std 1 within 0.01 for n = 100000", () => {
  const z = sampleNormal(N, 0, 1, 2024);
  for (const v of z) assert.ok(Number.isFinite(v));
  assert.ok(Math.abs(mean(z)) < 0.01, `mean ${mean(z)}`);
  assert.ok(Math.abs(Math.sqrt(variance(z)) - 1) < 0.01, `std ${Math.sqrt(variance(z))}`);
  // Both halves of each Box-Muller pair are standard normal on their own.
  const even = z.filter((_, i) => i % 2 === 0);
  const odd = z.filter((_, i) => i % 2 === 1);
  assert.ok(Math.abs(Math.sqrt(variance(even)) - 1) < 0.015);
  assert.ok(Math.abs(Math.sqrt(variance(odd)) - 1) < 0.015);
});

test("sampleNormal: scales by stddev and shifts by mean", () => {
  const z = sampleNormal(1001, 0, 1, 8, 2);
  const x = sampleNormal(1001, 10, 3, 8, 2);
  for (let i = 0; i < z.length; i++) assert.equal(x[i], 10 + 3 * z[i]!);
});

test("sampleNormal: follows the documented Box-Muller recipe", () => {
  const n = 11;
  const words = philoxFill(new Uint32Array(n + 1), 31337, 4);
  const z = sampleNormal(n, 0, 1, 31337, 4);
  for (let j = 0; j < n; j++) {
    const p = Math.floor(j / 2);
    const u1 = 1 - (words[2 * p]! >>> 8) / 2 ** 24;
    const u2 = (words[2 * p + 1]! >>> 8) / 2 ** 24;
    const r = Math.sqrt(-2 * Math.log(u1));
    const expected = j % 2 === 0 ? r * Math.cos(2 * Math.PI * u2) : r * Math.sin(2 * Math.PI * u2);
    assert.equal(z[j], expected, `element ${j}`);
  }
});

test("sampleNormal: odd n is the prefix of the next even n; deterministic; seed/stream matter", () => {
  for (const n of [1, 3, 5, 7, 99]) {
    const odd = sampleNormal(n, 0, 1, 42);
    const even = sampleNormal(n + 1, 0, 1, 42);
    assert.equal(odd.length, n);
    assert.deepEqual(odd, even.subarray(0, n));
  }
  const a = sampleNormal(500, 0, 1, 42);
  assert.deepEqual(sampleNormal(500, 0, 1, 42), a);
  assert.ok(countEqual(sampleNormal(500, 0, 1, 43), a) === 0);
  assert.ok(countEqual(sampleNormal(500, 0, 1, 42, 1), a) === 0);
  assert.equal(sampleNormal(0, 0, 1, 42).length, 0);
});

// ---------------------------------------------------------------- truncated normal

test("sampleTruncatedNormal: all within 2 stddev; std of the standard normal truncated at +-2", () => {
  const z = sampleTruncatedNormal(N, 0, 1, 99);
  for (const v of z) assert.ok(v >= -2 && v <= 2, `${v}`);
  assert.ok(Math.abs(mean(z)) < 0.01, `mean ${mean(z)}`);
  // sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)) = 0.87962...
  assert.ok(Math.abs(Math.sqrt(variance(z)) - 0.8796) < 0.01, `std ${Math.sqrt(variance(z))}`);

  const mu = 3;
  const sigma = 0.5;
  const x = sampleTruncatedNormal(N, mu, sigma, 100);
  for (const v of x) assert.ok(v >= mu + sigma * -2 && v <= mu + sigma * 2, `${v}`);
  assert.ok(Math.abs(mean(x) - mu) < 0.01 * sigma);
  assert.ok(Math.abs(Math.sqrt(variance(x)) - 0.8796 * sigma) < 0.01 * sigma);
});

test("sampleTruncatedNormal: accepted plain normals are kept, rejected ones redrawn", () => {
  const n = 20_000;
  const plain = sampleNormal(n, 0, 1, 7, 3);
  const trunc = sampleTruncatedNormal(n, 0, 1, 7, 3);
  let redrawn = 0;
  for (let j = 0; j < n; j++) {
    if (Math.abs(plain[j]!) <= 2) assert.equal(trunc[j], plain[j]);
    else {
      redrawn++;
      assert.notEqual(trunc[j], plain[j]);
    }
  }
  // P(|z| > 2) = 4.55%: about 910 of 20000.
  assert.ok(redrawn > 700 && redrawn < 1100, `${redrawn} redrawn`);
});

test("sampleTruncatedNormal: results do not depend on n (redraws are indexed per element)", () => {
  const long = sampleTruncatedNormal(5000, 1, 2, 11);
  for (const n of [1, 2, 3, 17, 1001, 4999]) {
    assert.deepEqual(sampleTruncatedNormal(n, 1, 2, 11), long.subarray(0, n));
  }
  assert.deepEqual(sampleTruncatedNormal(5000, 1, 2, 11), long);
  assert.ok(countEqual(sampleTruncatedNormal(5000, 1, 2, 12), long) === 0);
  assert.ok(countEqual(sampleTruncatedNormal(5000, 1, 2, 11, 1), long) === 0);
});

test("sampleTruncatedNormal: a redraw is element j of the normal in redraw round 1 (counter word 3 += 2^21)", () => {
  const seed = 5;
  const plain = sampleNormal(4000, 0, 1, seed);
  const trunc = sampleTruncatedNormal(4000, 0, 1, seed);
  const block = new Uint32Array(4);
  let checked = 0;
  for (let j = 0; j < plain.length; j++) {
    if (Math.abs(plain[j]!) <= 2) continue;
    philox4x32([Math.floor(j / 4), 0, 0, 2 ** 21], [seed, 0], block);
    const lane = j % 4 < 2 ? 0 : 2;
    const u1 = 1 - (block[lane]! >>> 8) / 2 ** 24;
    const u2 = (block[lane + 1]! >>> 8) / 2 ** 24;
    const r = Math.sqrt(-2 * Math.log(u1));
    const round1 = j % 2 === 0 ? r * Math.cos(2 * Math.PI * u2) : r * Math.sin(2 * Math.PI * u2);
    if (Math.abs(round1) <= 2) {
      assert.equal(trunc[j], round1, `element ${j}`);
      checked++;
    }
  }
  assert.ok(checked > 100, `${checked} redraws checked`);
});

// ---------------------------------------------------------------- integers

test("sampleInt: in range and uniform by chi-square (m = 10, n = 100000)", () => {
  const m = 10;
  const k = sampleInt(N, m, 314);
  assert.ok(k instanceof Int32Array);
  const counts = new Array<number>(m).fill(0);
  for (const v of k) {
    assert.ok(Number.isInteger(v) && v >= 0 && v < m, `${v}`);
    counts[v]!++;
  }
  // 9 degrees of freedom: P(chi2 > 33.7) = 1e-4.
  assert.ok(chiSquare(counts, N) < 33.7, `chi2 ${chiSquare(counts, N)} counts ${counts}`);
});

test("sampleInt: no modulo bias for a range that rejects 25% of words (m = 3 * 2^29)", () => {
  // Plain w % m would put 3/8, 3/8, 2/8 of the mass in the three thirds of [0, m).
  const m = 3 * 2 ** 29;
  const k = sampleInt(N, m, 271);
  const thirds = [0, 0, 0];
  for (const v of k) {
    assert.ok(v >= 0 && v < m);
    thirds[Math.floor(v / 2 ** 29)]!++;
  }
  // 2 degrees of freedom: P(chi2 > 18.4) = 1e-4.
  assert.ok(chiSquare(thirds, N) < 18.4, `thirds ${thirds}`);

  // Accepted words map to w % m; rejected ones were redrawn.
  const words = philoxFill(new Uint32Array(N), 271);
  const limit = 2 ** 32 - (2 ** 32 % m);
  let rejected = 0;
  for (let j = 0; j < N; j++) {
    if (words[j]! < limit) assert.equal(k[j], words[j]! % m);
    else rejected++;
  }
  assert.ok(rejected > 0.23 * N && rejected < 0.27 * N, `${rejected} rejected`);
});

test("sampleInt: edge ranges, determinism, n-independence, argument checks", () => {
  assert.deepEqual(Array.from(sampleInt(5, 1, 0)), [0, 0, 0, 0, 0]);
  const big = sampleInt(1000, 2 ** 31, 3);
  for (const v of big) assert.ok(v >= 0); // never wraps negative in the Int32Array
  const long = sampleInt(3000, 7, 8, 2);
  assert.deepEqual(sampleInt(3000, 7, 8, 2), long);
  assert.deepEqual(sampleInt(123, 7, 8, 2), long.subarray(0, 123));
  assert.ok(countEqual(sampleInt(3000, 7, 9, 2), long) < 3000 / 7 + 150);
  for (const bad of [0, -1, 1.5, 2 ** 31 + 1, Number.NaN]) {
    assert.throws(() => sampleInt(3, bad, 0), { name: "RangeError", message: /maxExclusive/ });
  }
});

// ---------------------------------------------------------------- seeds and counts

test("normalizeSeed: returns valid seeds unchanged", () => {
  for (const s of [0, 1, 42, 2 ** 32, Number.MAX_SAFE_INTEGER]) assert.equal(normalizeSeed(s), s);
});

test("normalizeSeed: TypeError names the argument, the expectation and what was received", () => {
  const cases: Array<[unknown, RegExp]> = [
    [-1, /received -1$/],
    [1.5, /received 1\.5$/],
    [Number.NaN, /received NaN$/],
    [Infinity, /received Infinity$/],
    [2 ** 53, /received 9007199254740992$/],
    ["7", /received the string "7"$/],
    [7n, /received the bigint 7n$/],
    [null, /received null$/],
    [undefined, /received undefined$/],
    [[1], /received an array$/],
    [{}, /received an object/],
  ];
  for (const [value, received] of cases) {
    assert.throws(
      () => normalizeSeed(value),
      (err: unknown) => {
        assert.ok(err instanceof TypeError);
        assert.match(err.message, /^seed must be a non-negative integer/);
        assert.match(err.message, received);
        return true;
      },
    );
  }
  assert.throws(() => normalizeSeed(-3, "shuffleSeed"), {
    name: "TypeError",
    message: /^shuffleSeed must be a non-negative integer .*received -3$/,
  });
});

test("samplers: reject bad seeds, streams and counts", () => {
  assert.throws(() => uniformFloats(3, -1), { name: "TypeError", message: /^seed must be a non-negative integer/ });
  assert.throws(() => sampleNormal(3, 0, 1, 0.5), { name: "TypeError", message: /^seed/ });
  assert.throws(() => sampleTruncatedNormal(3, 0, 1, 1, -2), { name: "TypeError", message: /^stream/ });
  assert.throws(() => sampleInt(3, 5, Number.NaN), { name: "TypeError", message: /^seed/ });
  assert.throws(() => uniformFloats(-1, 0), { name: "TypeError", message: /^n must be a non-negative integer/ });
  assert.throws(() => sampleNormal(2.5, 0, 1, 0), { name: "TypeError", message: /^n/ });
  assert.throws(() => sampleNormal(2, 0, Number.NaN, 0), { name: "TypeError", message: /stddev/ });
});
