import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { float16ArrayToFloat32, float16BitsToFloat32, float32ArrayToFloat16, float32ToFloat16Bits } from "../../src/dtype/float16.js";

interface Fixture {
  versions: Record<string, string>;
  float16: {
    named: { name: string; f32: number; f16: number }[];
    encode: { f32: number[]; f16: number[] };
    decodeAll: number[];
    double: { name: string; f64: string; f16: number; viaFloat32: number }[];
  };
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/half-conversions.json", import.meta.url), "utf8")) as Fixture;

const hex = (n: number) => `0x${n.toString(16)}`;
const isNaN16 = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
/** A float32 built from its bits, as a number. */
const fromBits = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0]!;
/** The bits of a double given as 16 hex digits. */
function fromHex64(hexBits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hexBits}`));
  return view.getFloat64(0);
}
/** Deterministic 32-bit PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}
/**
 * Compares our encoding with a reference one. NumPy propagates NaN payloads;
 * we always give 0x7e00 with the input's sign, so NaNs compare by that rule.
 */
function assertEncoded(got: number, expected: number, f32Bits: number, label: string): void {
  if (isNaN16(expected)) assert.equal(got, ((f32Bits >>> 16) & 0x8000) | 0x7e00, `${label}: NaN`);
  else assert.equal(got, expected, `${label}: got ${hex(got)}, expected ${hex(expected)}`);
}

test("known values", () => {
  assert.equal(float32ToFloat16Bits(256), 0x5c00);
  assert.equal(float32ToFloat16Bits(1), 0x3c00);
  assert.equal(float32ToFloat16Bits(-2), 0xc000);
  assert.equal(float32ToFloat16Bits(65504), 0x7bff);
  assert.equal(float32ToFloat16Bits(65519.99), 0x7bff); // rounds down to 65504
  assert.equal(float32ToFloat16Bits(Math.fround(65519.99)), 0x7bff);
  assert.equal(float32ToFloat16Bits(65520), 0x7c00); // tie with 2**16 -> even -> inf
  assert.equal(float32ToFloat16Bits(-65520), 0xfc00);
  assert.equal(float32ToFloat16Bits(1e5), 0x7c00);
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11), 0x3c00); // tie -> 1
  assert.equal(float32ToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02); // tie -> 1 + 2**-9
  assert.equal(float16BitsToFloat32(float32ToFloat16Bits(1 + 3 * 2 ** -11)), 1 + 2 ** -9);
  assert.equal(float32ToFloat16Bits(1 / 3), 0x3555);
});

test("subnormals underflow gradually, ties to even", () => {
  assert.equal(float32ToFloat16Bits(2 ** -24), 0x0001); // smallest subnormal
  assert.equal(float32ToFloat16Bits(2 ** -25), 0x0000); // tie -> 0
  assert.equal(float32ToFloat16Bits(-(2 ** -25)), 0x8000); // tie -> -0
  assert.equal(float32ToFloat16Bits(3 * 2 ** -26), 0x0001);
  assert.equal(float32ToFloat16Bits(3 * 2 ** -25), 0x0002); // tie -> even
  assert.equal(float32ToFloat16Bits(1023 * 2 ** -24), 0x03ff); // largest subnormal
  assert.equal(float32ToFloat16Bits(1023.5 * 2 ** -24), 0x0400); // tie -> smallest normal
  assert.equal(float32ToFloat16Bits(2 ** -14), 0x0400);
  assert.equal(float32ToFloat16Bits(2 ** -14 + 2 ** -24), 0x0401);
  assert.equal(float32ToFloat16Bits(1e-9), 0x0000);
  assert.equal(float16BitsToFloat32(0x0001), 2 ** -24);
  assert.equal(float16BitsToFloat32(0x03ff), 1023 * 2 ** -24);
  assert.equal(float16BitsToFloat32(0x8001), -(2 ** -24));
});

test("signed zeros, infinities and NaN", () => {
  assert.equal(float32ToFloat16Bits(0), 0x0000);
  assert.equal(float32ToFloat16Bits(-0), 0x8000);
  assert.equal(float32ToFloat16Bits(Infinity), 0x7c00);
  assert.equal(float32ToFloat16Bits(-Infinity), 0xfc00);
  assert.equal(float32ToFloat16Bits(NaN), 0x7e00);
  assert.ok(Object.is(float16BitsToFloat32(0x8000), -0));
  assert.ok(Object.is(float16BitsToFloat32(0x0000), 0));
  assert.equal(float16BitsToFloat32(0x7c00), Infinity);
  assert.equal(float16BitsToFloat32(0xfc00), -Infinity);
  assert.ok(Number.isNaN(float16BitsToFloat32(0x7e00)));
  assert.ok(Number.isNaN(float16BitsToFloat32(0x7c01)));
  const nans = new Float32Array(new Uint32Array([0x7fc00000, 0xffc00000, 0x7f800001]).buffer);
  assert.deepEqual(Array.from(float32ArrayToFloat16(nans)), [0x7e00, 0xfe00, 0x7e00]);
});

test("doubles are rounded once, not through float32 (NumPy float64 -> float16)", () => {
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -40), 0x3c01);
  for (const c of fixture.float16.double) {
    const x = fromHex64(c.f64);
    assert.equal(float32ToFloat16Bits(x), c.f16, c.name);
    assert.equal(float32ToFloat16Bits(Math.fround(x)), c.viaFloat32, `${c.name} via float32`);
    // Arrays of doubles take the same single-rounding path.
    assert.equal(float32ArrayToFloat16(new Float64Array([x]))[0], c.f16, `${c.name} (Float64Array)`);
  }
});

test(`fixture: named cases (NumPy ${fixture.versions.numpy})`, () => {
  const { named } = fixture.float16;
  const src = new Float32Array(new Uint32Array(named.map((c) => c.f32)).buffer);
  const out = float32ArrayToFloat16(src);
  named.forEach((c, i) => {
    assertEncoded(float32ToFloat16Bits(fromBits(c.f32)), c.f16, c.f32, `${c.name} (scalar)`);
    assertEncoded(out[i]!, c.f16, c.f32, `${c.name} (array)`);
  });
});

test("fixture: random float32 values, ties and near-ties (scalar and array)", () => {
  const { f32, f16 } = fixture.float16.encode;
  const src = new Float32Array(new Uint32Array(f32).buffer);
  const out = float32ArrayToFloat16(src);
  for (let i = 0; i < f32.length; i++) {
    assertEncoded(float32ToFloat16Bits(src[i]!), f16[i]!, f32[i]!, `scalar ${hex(f32[i]!)}`);
    assertEncoded(out[i]!, f16[i]!, f32[i]!, `array ${hex(f32[i]!)}`);
  }
});

test("fixture: decoding all 65536 patterns matches NumPy bit for bit", () => {
  const expected = new Uint32Array(fixture.float16.decodeAll);
  const expectedValues = new Float32Array(expected.buffer);
  const all = new Uint16Array(65536).map((_, i) => i);
  const decoded = new Uint32Array(float16ArrayToFloat32(all).buffer);
  for (let h = 0; h < 65536; h++) {
    assert.equal(decoded[h], expected[h], `array ${hex(h)}`);
    const v = float16BitsToFloat32(h);
    if (isNaN16(h)) assert.ok(Number.isNaN(v), `scalar ${hex(h)}`);
    else assert.ok(Object.is(v, expectedValues[h]), `scalar ${hex(h)}: ${v}`);
  }
});

test("round trip of all 65536 patterns (NaN stays NaN)", () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const back = float32ArrayToFloat16(float16ArrayToFloat32(all));
  for (let h = 0; h < 65536; h++) {
    const scalar = float32ToFloat16Bits(float16BitsToFloat32(h));
    if (isNaN16(h)) {
      assert.equal(back[h], (h & 0x8000) | 0x7e00, `array ${hex(h)}`);
      assert.ok(isNaN16(scalar), `scalar ${hex(h)}`);
    } else {
      assert.equal(back[h], h, `array ${hex(h)}`);
      assert.equal(scalar, h, `scalar ${hex(h)}`);
    }
  }
});

test("array path equals scalar path on 300000 random float32 bit patterns", () => {
  const next = prng(12345);
  const bits = new Uint32Array(300000);
  for (let i = 0; i < bits.length; i++) {
    // Half fully random patterns, half squeezed into float16's exponent range.
    const r = next();
    bits[i] = i % 2 === 0 ? r : (r & 0x807fffff) | ((100 + (next() % 50)) << 23);
  }
  const src = new Float32Array(bits.buffer);
  const out = float32ArrayToFloat16(src);
  for (let i = 0; i < bits.length; i++) {
    const s = float32ToFloat16Bits(src[i]!);
    if (out[i] !== s) assert.fail(`${hex(bits[i]!)}: array ${hex(out[i]!)} != scalar ${hex(s)}`);
  }
});

test("views with a byte offset and plain arrays", () => {
  const buf = new Float32Array([9, 1, -2, 65520, 7]);
  assert.deepEqual(Array.from(float32ArrayToFloat16(buf.subarray(1, 4))), [0x3c00, 0xc000, 0x7c00]);
  assert.deepEqual(Array.from(float32ArrayToFloat16([1, -2, 65520])), [0x3c00, 0xc000, 0x7c00]);
  const halves = new Uint16Array([0, 0x3c00, 0xc000, 0]);
  const dst = new Float32Array(6);
  float16ArrayToFloat32(halves.subarray(1, 3), dst.subarray(2, 4));
  assert.deepEqual(Array.from(dst), [0, 0, 1, -2, 0, 0]);
});

test("dst is reused, and a wrong dst is a clear error", () => {
  const dst16 = new Uint16Array(2);
  assert.equal(float32ArrayToFloat16(new Float32Array([1, 2]), dst16), dst16);
  assert.deepEqual(Array.from(dst16), [0x3c00, 0x4000]);
  const dst32 = new Float32Array(2);
  assert.equal(float16ArrayToFloat32(dst16, dst32), dst32);
  assert.deepEqual(Array.from(dst32), [1, 2]);
  assert.throws(() => float32ArrayToFloat16(new Float32Array(3), new Uint16Array(2)), {
    name: "RangeError",
    message: "Argument 'dst' must have length 3 (the length of 'src'), but got length 2",
  });
  assert.throws(() => float16ArrayToFloat32(new Uint16Array(1), new Float32Array(4)), {
    name: "RangeError",
    message: "Argument 'dst' must have length 1 (the length of 'src'), but got length 4",
  });
  assert.throws(() => float16ArrayToFloat32(new Uint16Array(1), new Float64Array(1) as unknown as Float32Array), TypeError);
});
