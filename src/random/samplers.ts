/**
 * Samplers over the Philox4x32-10 stream of philox.ts: plain functions from
 * (n, parameters, seed, stream) to typed arrays, with no tensor types, so the
 * random tensor ops can call them and a native or GPU backend can reproduce
 * them from this description alone.
 *
 * ## Reproducing these samplers elsewhere
 *
 * Let `word(r, i)` be word `i` of the Philox stream for (seed, stream) in redraw
 * round `r`: lane `i mod 4` of `philox4x32(counter, key)` with
 *
 *     key     = [seed mod 2^32, floor(seed / 2^32)]
 *     counter = [b mod 2^32, floor(b / 2^32), stream mod 2^32, floor(stream / 2^32) + r * 2^21]
 *     b       = floor(i / 4)
 *
 * (round 0 is exactly `philoxFill`). Every output element `j` is a function of
 * (seed, stream, j) only, never of `n`, so a shorter request is a prefix of a
 * longer one and any chunking or parallel split gives the same values:
 *
 * - uniform: `u(r, i) = (word(r, i) >>> 8) * 2^-24`, in [0, 1 - 2^-24]. Taking
 *   the top 24 bits makes every value exactly representable in float32, so a
 *   float32 cast cannot round up to 1.
 * - normal: element j uses the Box-Muller pair p = floor(j / 2), i.e. words
 *   2p and 2p + 1: `u1 = 1 - u(r, 2p)` in (0, 1] (so the log is finite),
 *   `u2 = u(r, 2p + 1)`, `rad = sqrt(-2 ln u1)`; even j gets `rad * cos(2 pi u2)`
 *   and odd j gets `rad * sin(2 pi u2)`. Both outputs of a pair are used; an odd
 *   n simply drops the last sine.
 * - truncated normal: element j is the normal of round 0 if its magnitude is
 *   at most 2, else the normal of element j in round 1, 2, ... (the first round
 *   whose value has magnitude at most 2).
 * - integers in [0, m): element j is `word(r, j) mod m` for the first round r
 *   with `word(r, j) < 2^32 - (2^32 mod m)`; rejecting the top partial
 *   interval removes modulo bias.
 *
 * The integer words and the uniforms are bit-exact on any conforming
 * implementation. Normals go through log, sqrt, cos and sin evaluated here in
 * float64; another math library may differ in the last ulp, which can only
 * matter for a truncated-normal value within an ulp of +-2.
 */

import { MAX_ROUNDS, normalizeSeed, philoxBlock, philoxFill, philoxStream } from "./philox.js";
import type { PhiloxStream } from "./philox.js";

export { normalizeSeed } from "./philox.js";

/** 2^-24: the spacing of the 24-bit uniform grid. */
const U24 = 1 / 16777216;
const TWO_PI = 2 * Math.PI;
const TWO_32 = 4294967296;
/** Truncation bound of sampleTruncatedNormal, in standard deviations (as tf.random.truncated_normal). */
const TRUNCATE_AT = 2;

function checkCount(n: unknown): number {
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= 0) return n;
  throw new TypeError(`n must be a non-negative integer, but received ${String(n)}`);
}

function checkFinite(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new TypeError(`${name} must be a finite number, but received ${String(value)}`);
}

/** Resolves seed and stream into the round-`round` Philox stream words. */
function streamFor(seed: number, stream: number, round: number): PhiloxStream {
  return philoxStream(normalizeSeed(seed, "seed"), normalizeSeed(stream, "stream"), round);
}

/** Standard normal from two stream words by Box-Muller; `sine` picks the second output of the pair. */
function boxMuller(w1: number, w2: number, sine: boolean): number {
  const u1 = 1 - (w1 >>> 8) * U24; // (0, 1]: never log(0)
  const u2 = (w2 >>> 8) * U24;
  const rad = Math.sqrt(-2 * Math.log(u1));
  return sine ? rad * Math.sin(TWO_PI * u2) : rad * Math.cos(TWO_PI * u2);
}

/** Fills `out` with standard normals 0 .. out.length - 1 of stream `s`. */
function fillStandardNormal(out: Float64Array, s: PhiloxStream): void {
  const n = out.length;
  const words = new Uint32Array(4);
  // One block = two Box-Muller pairs = four normals.
  for (let j = 0; j < n; j += 4) {
    philoxBlock(s, j / 4, words, 0);
    const u1a = 1 - (words[0]! >>> 8) * U24;
    const u2a = (words[1]! >>> 8) * U24;
    const ra = Math.sqrt(-2 * Math.log(u1a));
    out[j] = ra * Math.cos(TWO_PI * u2a);
    if (j + 1 < n) out[j + 1] = ra * Math.sin(TWO_PI * u2a);
    if (j + 2 < n) {
      const u1b = 1 - (words[2]! >>> 8) * U24;
      const u2b = (words[3]! >>> 8) * U24;
      const rb = Math.sqrt(-2 * Math.log(u1b));
      out[j + 2] = rb * Math.cos(TWO_PI * u2b);
      if (j + 3 < n) out[j + 3] = rb * Math.sin(TWO_PI * u2b);
    }
  }
}

/** Standard normal element j of stream `s` alone (used for redraws). */
function standardNormalAt(s: PhiloxStream, j: number, words: Uint32Array): number {
  philoxBlock(s, Math.floor(j / 4), words, 0);
  const lane = j % 4 < 2 ? 0 : 2;
  return boxMuller(words[lane]!, words[lane + 1]!, j % 2 === 1);
}

/**
 * `n` uniform floats in [0, 1): element i is `(w >>> 8) * 2^-24` for stream word
 * w = word i, so values lie on the 24-bit grid and survive a float32 cast
 * exactly (a float32 tensor never contains 1.0).
 *
 * Example: `uniformFloats(3, 42)` gives three values in [0, 1), the same on
 * every call and every backend; `uniformFloats(2, 42)` is its first two.
 */
export function uniformFloats(n: number, seed: number, stream = 0): Float64Array {
  const count = checkCount(n);
  const words = philoxFill(new Uint32Array(count), seed, stream);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = (words[i]! >>> 8) * U24;
  return out;
}

/**
 * `n` uniform floats in [minval, maxval): `minval + (maxval - minval) * u` with
 * u from `uniformFloats`. (Float rounding can land on maxval when the range is
 * tiny relative to minval, as in every framework.)
 *
 * Example: `sampleUniform(4, -1, 1, 7)` gives four values in [-1, 1).
 */
export function sampleUniform(n: number, minval: number, maxval: number, seed: number, stream = 0): Float64Array {
  const lo = checkFinite(minval, "minval");
  const hi = checkFinite(maxval, "maxval");
  const out = uniformFloats(n, seed, stream);
  const span = hi - lo;
  for (let i = 0; i < out.length; i++) out[i] = lo + span * out[i]!;
  return out;
}

/**
 * `n` normal samples `mean + stddev * z` with z standard normal by Box-Muller:
 * element j uses words 2*floor(j/2) and 2*floor(j/2)+1, `u1 = 1 - u` in (0, 1]
 * so the log is finite, and even/odd j take the cosine/sine output. Using both
 * outputs halves the Philox work; an odd n drops the final sine.
 *
 * Example: `sampleNormal(5, 0, 1, 3)` gives five standard normals whose first
 * four equal `sampleNormal(4, 0, 1, 3)`.
 */
export function sampleNormal(n: number, mean: number, stddev: number, seed: number, stream = 0): Float64Array {
  const count = checkCount(n);
  const mu = checkFinite(mean, "mean");
  const sigma = checkFinite(stddev, "stddev");
  const out = new Float64Array(count);
  fillStandardNormal(out, streamFor(seed, stream, 0));
  for (let i = 0; i < count; i++) out[i] = mu + sigma * out[i]!;
  return out;
}

/**
 * `n` samples of a normal truncated at two standard deviations, like
 * tf.random.truncated_normal: a standard normal z with |z| > 2 is rejected and
 * redrawn, then `mean + stddev * z` is returned. The redraw for element j is
 * element j of the normal sequence in the next redraw round (Philox counter
 * word 3 carries the round in its top 11 bits, see philox.ts), so each element
 * depends only on (seed, stream, j): results do not depend on n or on
 * chunking, and wherever the plain normal is accepted it equals
 * `sampleNormal(n, mean, stddev, seed, stream)`.
 *
 * Example: `sampleTruncatedNormal(1000, 0, 0.05, 1)` lies in [-0.1, 0.1].
 */
export function sampleTruncatedNormal(n: number, mean: number, stddev: number, seed: number, stream = 0): Float64Array {
  const count = checkCount(n);
  const mu = checkFinite(mean, "mean");
  const sigma = checkFinite(stddev, "stddev");
  const s = normalizeSeed(seed, "seed");
  const t = normalizeSeed(stream, "stream");
  const z = new Float64Array(count);
  fillStandardNormal(z, philoxStream(s, t, 0));
  let pending: number[] = [];
  for (let j = 0; j < count; j++) if (!(Math.abs(z[j]!) <= TRUNCATE_AT)) pending.push(j);
  const words = new Uint32Array(4);
  // Each round rejects about 4.55% of what is left, so a handful of rounds suffice.
  for (let round = 1; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error("sampleTruncatedNormal: ran out of redraw rounds");
    const sr = philoxStream(s, t, round);
    const still: number[] = [];
    for (const j of pending) {
      const v = standardNormalAt(sr, j, words);
      if (Math.abs(v) <= TRUNCATE_AT) z[j] = v;
      else still.push(j);
    }
    pending = still;
  }
  for (let i = 0; i < count; i++) z[i] = mu + sigma * z[i]!;
  return z;
}

/**
 * `n` uniform integers in [0, maxExclusive), for shuffling and sampling
 * indices. maxExclusive must be an integer in [1, 2^31] so results fit an
 * Int32Array. Element j is `w mod maxExclusive` for the first redraw round's
 * word j with `w < 2^32 - (2^32 mod maxExclusive)`: rejecting the top partial
 * interval removes modulo bias, and indexing redraws by (round, j) keeps every
 * element independent of n.
 *
 * Example: `sampleInt(10, 6, 99)` gives ten fair die rolls in 0..5.
 */
export function sampleInt(n: number, maxExclusive: number, seed: number, stream = 0): Int32Array {
  const count = checkCount(n);
  if (!(typeof maxExclusive === "number" && Number.isInteger(maxExclusive) && maxExclusive >= 1 && maxExclusive <= 2 ** 31)) {
    throw new RangeError(`maxExclusive must be an integer in [1, 2^31], but received ${String(maxExclusive)}`);
  }
  const m = maxExclusive;
  const limit = TWO_32 - (TWO_32 % m); // accept words below the last whole multiple of m
  const s = normalizeSeed(seed, "seed");
  const t = normalizeSeed(stream, "stream");
  const first = philoxFill(new Uint32Array(count), s, t);
  const out = new Int32Array(count);
  let pending: number[] = [];
  for (let j = 0; j < count; j++) {
    const w = first[j]!;
    if (w < limit) out[j] = w % m;
    else pending.push(j);
  }
  const words = new Uint32Array(4);
  // At most half of the word range is rejected (less than m / 2^32), so rounds shrink fast.
  for (let round = 1; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error("sampleInt: ran out of redraw rounds");
    const sr = philoxStream(s, t, round);
    const still: number[] = [];
    for (const j of pending) {
      philoxBlock(sr, Math.floor(j / 4), words, 0);
      const w = words[j % 4]!;
      if (w < limit) out[j] = w % m;
      else still.push(j);
    }
    pending = still;
  }
  return out;
}
