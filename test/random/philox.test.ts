import { test } from "node:test";
import assert from "node:assert/strict";

import { normalizeSeed, philox4x32, philoxFill } from "../../src/random/philox.js";

// Known-answer vectors for philox4x32 with 10 rounds, from the Random123
// distribution (D. E. Shaw Research, https://github.com/DEShawResearch/random123),
// file tests/kat_vectors, lines "philox4x32 10 <ctr0..3> <key0..1> <expected0..3>".
const KAT: ReadonlyArray<{ name: string; counter: number[]; key: number[]; expected: number[] }> = [
  {
    name: "all zeros",
    counter: [0x00000000, 0x00000000, 0x00000000, 0x00000000],
    key: [0x00000000, 0x00000000],
    expected: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
  },
  {
    name: "all ones",
    counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    expected: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    name: "pi digits",
    counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    expected: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

/**
 * Independent BigInt reference of Philox4x32-10, written from the paper's
 * description, to cross-check the 16-bit-split multiplication on many inputs.
 */
function philoxReference(counter: number[], key: number[]): number[] {
  const mask = 0xffffffffn;
  let [c0, c1, c2, c3] = counter.map((x) => BigInt(x >>> 0)) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map((x) => BigInt(x >>> 0)) as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & mask, (p0 >> 32n) ^ c3 ^ k1, p0 & mask];
    k0 = (k0 + 0x9e3779b9n) & mask;
    k1 = (k1 + 0xbb67ae85n) & mask;
  }
  return [c0, c1, c2, c3].map(Number);
}

/** Small deterministic word source for the cross-check inputs (xorshift32). */
function xorshiftWords(count: number, state = 0x9e3779b9): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.push(state >>> 0);
  }
  return out;
}

const hex = (words: ArrayLike<number>) => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, "0")).join(" ");

for (const v of KAT) {
  test(`philox4x32: Random123 known answer (${v.name})`, () => {
    assert.equal(hex(philox4x32(v.counter, v.key)), hex(v.expected));
    assert.equal(hex(philox4x32(Uint32Array.from(v.counter), Uint32Array.from(v.key))), hex(v.expected));
  });
}

test("philox4x32: KAT vectors also match the BigInt reference", () => {
  for (const v of KAT) assert.deepEqual(philoxReference(v.counter, v.key), v.expected);
});

test("philox4x32: matches the BigInt reference on 500 pseudo-random inputs", () => {
  const words = xorshiftWords(6 * 500);
  // Extremes stress the carries of the split multiplication.
  const extremes = [
    [0xffffffff, 0, 0xffffffff, 0, 0, 0],
    [0x80000000, 0x7fffffff, 0x80000001, 0xfffffffe, 0xffffffff, 1],
    [1, 1, 1, 1, 1, 1],
  ];
  const out = new Uint32Array(4);
  for (let i = 0; i < 500 + extremes.length; i++) {
    const w = i < 500 ? words.slice(6 * i, 6 * i + 6) : extremes[i - 500]!;
    const counter = w.slice(0, 4);
    const key = w.slice(4, 6);
    philox4x32(counter, key, out);
    assert.deepEqual(Array.from(out), philoxReference(counter, key), `input ${hex(w)}`);
  }
});

test("philox4x32: writes into the provided array, which may alias the counter, and leaves the key alone", () => {
  const v = KAT[2]!;
  const out = new Uint32Array(4);
  assert.equal(philox4x32(v.counter, v.key, out), out);
  assert.equal(hex(out), hex(v.expected));

  const ctr = Uint32Array.from(v.counter);
  const key = Uint32Array.from(v.key);
  assert.equal(philox4x32(ctr, key, ctr), ctr);
  assert.equal(hex(ctr), hex(v.expected));
  assert.equal(hex(key), hex(v.key));
});

test("philox4x32: rejects counters and keys of the wrong length", () => {
  assert.throws(() => philox4x32([0, 0, 0], [0, 0]), RangeError);
  assert.throws(() => philox4x32([0, 0, 0, 0], [0]), RangeError);
  assert.throws(() => philox4x32([0, 0, 0, 0], [0, 0], new Uint32Array(3)), RangeError);
});

test("philoxFill: block b is philox4x32([b lo, b hi, stream lo, stream hi], [seed lo, seed hi])", () => {
  const seed = 0x12345 * 2 ** 32 + 0xdeadbeef; // exercises the key's high word
  const stream = 0x1f * 2 ** 32 + 7; // exercises counter word 3
  const out = philoxFill(new Uint32Array(4 * 5), seed, stream);
  for (let b = 0; b < 5; b++) {
    const expected = philox4x32([b, 0, 7, 0x1f], [0xdeadbeef, 0x12345]);
    assert.equal(hex(out.subarray(4 * b, 4 * b + 4)), hex(expected), `block ${b}`);
  }
  // Seed 0 and stream 0, block 0 is the all-zero KAT.
  assert.equal(hex(philoxFill(new Uint32Array(4), 0)), hex(KAT[0]!.expected));
});

test("philoxFill: a shorter fill is a prefix of a longer one, including lengths not divisible by 4", () => {
  const long = philoxFill(new Uint32Array(37), 2024, 3);
  for (const len of [0, 1, 2, 3, 5, 6, 7, 17]) {
    assert.deepEqual(Array.from(philoxFill(new Uint32Array(len), 2024, 3)), Array.from(long.subarray(0, len)));
  }
});

test("philoxFill: deterministic; different seeds and streams give different words", () => {
  const a = philoxFill(new Uint32Array(64), 1);
  assert.deepEqual(philoxFill(new Uint32Array(64), 1), a);
  assert.deepEqual(philoxFill(new Uint32Array(64), 1, 0), a);
  const b = philoxFill(new Uint32Array(64), 2);
  const c = philoxFill(new Uint32Array(64), 1, 1);
  const d = philoxFill(new Uint32Array(64), 2 ** 32 + 1); // same low key word as seed 1
  for (const other of [b, c, d]) {
    let same = 0;
    for (let i = 0; i < 64; i++) if (other[i] === a[i]) same++;
    assert.ok(same <= 1, `expected unrelated streams, ${same} equal words`);
  }
});

test("philoxFill: validates seed and stream", () => {
  assert.throws(() => philoxFill(new Uint32Array(4), -1), { name: "TypeError", message: /seed/ });
  assert.throws(() => philoxFill(new Uint32Array(4), 1, 0.5), { name: "TypeError", message: /stream/ });
});

test("normalizeSeed: accepts non-negative safe integers", () => {
  assert.equal(normalizeSeed(0), 0);
  assert.equal(normalizeSeed(42), 42);
  assert.equal(normalizeSeed(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  assert.ok(Object.is(normalizeSeed(-0), 0));
});
