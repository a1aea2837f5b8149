/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3" (SC'11), which TensorFlow and
 * JAX also use. A counter-based generator has no state to carry: word i of a
 * stream is a pure function of (key, counter), so every backend (this
 * TypeScript code, a native addon, a GPU kernel) can produce the same numbers
 * in any order and in parallel.
 *
 * ## Stream layout used by kerats
 *
 * For a seed `s` and a stream `t` (both integers in [0, 2^53 - 1]):
 *
 *     key     = [s mod 2^32, floor(s / 2^32)]
 *     counter = [b mod 2^32, floor(b / 2^32), t mod 2^32, floor(t / 2^32) + r * 2^21]
 *
 * where `b` is the block index and `r` the redraw round (always 0 for
 * `philoxFill`; the rejection samplers in samplers.ts use r >= 1 for redraws,
 * which fits because floor(t / 2^32) < 2^21). Block `b` yields the stream words
 * 4b, 4b+1, 4b+2, 4b+3 (the four output lanes of Philox in order), so word `i`
 * of the stream is lane `i mod 4` of block `floor(i / 4)`.
 */

/** Philox4x32 round multipliers (Random123 PHILOX_M4x32_0 / _1). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
/** Weyl key increments (Random123 PHILOX_W32_0 / _1: golden ratio, sqrt(3) - 1). */
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** 16-bit halves of the multipliers, split once because every round needs them. */
const M0_HI = M0 >>> 16;
const M0_LO = M0 & 0xffff;
const M1_HI = M1 >>> 16;
const M1_LO = M1 & 0xffff;

const TWO_32 = 4294967296;

/** Rounds of Philox4x32-10. */
const ROUNDS = 10;

/**
 * High 32 bits of the 64-bit product a * b for uint32 a = aHi * 2^16 + aLo and
 * uint32 b. The low word is `Math.imul(a, b) >>> 0`; the high word needs care
 * because a * b can reach 2^64, beyond a double's 53 exact bits. Every partial
 * product of two 16-bit halves is below 2^32, so it is exact, and the carries
 * out of the low 32 bits are summed separately (the sum stays below 3 * 2^16).
 */
function mulhi32(aHi: number, aLo: number, b: number): number {
  const bHi = b >>> 16;
  const bLo = b & 0xffff;
  const ll = aLo * bLo;
  const hl = aHi * bLo;
  const lh = aLo * bHi;
  const carry = ((ll >>> 16) + (hl & 0xffff) + (lh & 0xffff)) >>> 16;
  return (aHi * bHi + (hl >>> 16) + (lh >>> 16) + carry) >>> 0;
}

/**
 * The Philox4x32-10 bijection on raw words: ten rounds over counter
 * (c0, c1, c2, c3) with key (k0, k1), writing the four output words to
 * `out[offset..offset+3]`. Internal because it takes loose numbers to avoid
 * allocating small arrays in hot loops.
 */
function philoxRaw(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array, offset: number): void {
  for (let round = 0; round < ROUNDS; round++) {
    const hi0 = mulhi32(M0_HI, M0_LO, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1_HI, M1_LO, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    // The key schedule bumps between rounds; bumping after the last round too
    // is harmless because the key is not used again.
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}

/**
 * One Philox4x32-10 block: encrypts the 128-bit counter under the 64-bit key
 * and returns the four output words. Inputs are read as uint32 (values are
 * reduced mod 2^32), and are read before anything is written, so `out` may be
 * the counter array itself. Pass `out` to avoid an allocation per call.
 *
 * Example (Random123 known answer):
 * `philox4x32([0, 0, 0, 0], [0, 0])` gives
 * `Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]`.
 */
export function philox4x32(counter: ArrayLike<number>, key: ArrayLike<number>, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  if (counter.length !== 4) throw new RangeError(`philox4x32: counter must have 4 words, got ${counter.length}`);
  if (key.length !== 2) throw new RangeError(`philox4x32: key must have 2 words, got ${key.length}`);
  if (out.length < 4) throw new RangeError(`philox4x32: out must have room for 4 words, got ${out.length}`);
  philoxRaw(counter[0]! >>> 0, counter[1]! >>> 0, counter[2]! >>> 0, counter[3]! >>> 0, key[0]! >>> 0, key[1]! >>> 0, out, 0);
  return out;
}

/** Largest seed or stream accepted: seeds must fit a double exactly. */
const MAX_SEED = Number.MAX_SAFE_INTEGER;

function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "bigint") return `the bigint ${value}n`;
  if (typeof value === "number") return `${value}`;
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return `a ${typeof value}`;
}

/**
 * Checks a user-supplied seed (or stream number) and returns it as a number.
 * Seeds must be non-negative safe integers so that they map exactly onto the
 * 64-bit Philox key; anything else (fractions, negatives, NaN, strings,
 * bigints) is rejected rather than silently rounded, because a rounded seed
 * would quietly alias another seed's stream.
 *
 * Example: `normalizeSeed(42) === 42`; `normalizeSeed(-1, "seed")` throws
 * `TypeError: seed must be a non-negative integer (at most 2^53 - 1), but received -1`.
 */
export function normalizeSeed(seed: unknown, argName = "seed"): number {
  if (typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) {
    return seed === 0 ? 0 : seed; // folds -0 into 0
  }
  throw new TypeError(`${argName} must be a non-negative integer (at most 2^53 - 1), but received ${describe(seed)}`);
}

/** Bit position of the redraw round inside counter word 3 (see the module comment). */
const ROUND_SHIFT = 2097152; // 2^21
/** Number of redraw rounds that fit above the stream's high bits. */
export const MAX_ROUNDS = 2048; // 2^(32 - 21)

/**
 * Resolved key and stream words for one (seed, stream, round); built once per
 * sampler call so inner loops touch only numbers.
 */
export interface PhiloxStream {
  readonly k0: number;
  readonly k1: number;
  readonly c2: number;
  readonly c3: number;
}

/**
 * Key and stream words of the kerats layout for a validated seed and stream.
 * Internal to src/random: samplers.ts uses it for redraw rounds.
 */
export function philoxStream(seed: number, stream: number, round: number): PhiloxStream {
  if (!Number.isInteger(round) || round < 0 || round >= MAX_ROUNDS) {
    throw new RangeError(`philox: redraw round must be an integer in [0, ${MAX_ROUNDS}), got ${round}`);
  }
  return {
    k0: seed >>> 0,
    k1: Math.floor(seed / TWO_32) >>> 0,
    c2: stream >>> 0,
    c3: (Math.floor(stream / TWO_32) + round * ROUND_SHIFT) >>> 0,
  };
}

/**
 * Writes block `block` of the stream `s` (four words) to `out[offset..offset+3]`.
 * Internal to src/random.
 */
export function philoxBlock(s: PhiloxStream, block: number, out: Uint32Array, offset: number): void {
  philoxRaw(block >>> 0, Math.floor(block / TWO_32) >>> 0, s.c2, s.c3, s.k0, s.k1, out, offset);
}

/**
 * Fills `out` with words 0 .. out.length - 1 of the Philox stream for
 * (seed, stream), using the layout in the module comment: block b is
 * `philox4x32([b mod 2^32, floor(b / 2^32), stream mod 2^32, floor(stream / 2^32)],
 * [seed mod 2^32, floor(seed / 2^32)])` and supplies words 4b .. 4b+3. A length
 * that is not a multiple of 4 uses only the first lanes of the last block, so a
 * shorter fill is always a prefix of a longer one.
 *
 * Example: `philoxFill(new Uint32Array(8), 7)` holds the outputs of counters
 * [0,0,0,0] and [1,0,0,0] under key [7, 0].
 */
export function philoxFill(out: Uint32Array, seed: number, stream = 0): Uint32Array {
  const s = philoxStream(normalizeSeed(seed, "seed"), normalizeSeed(stream, "stream"), 0);
  const n = out.length;
  const whole = n - (n % 4);
  let b = 0;
  for (; 4 * b < whole; b++) philoxBlock(s, b, out, 4 * b);
  if (whole < n) {
    const tail = new Uint32Array(4);
    philoxBlock(s, b, tail, 0);
    for (let i = whole; i < n; i++) out[i] = tail[i - whole]!;
  }
  return out;
}
