import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bfloat16ArrayToFloat32, bfloat16BitsToFloat32, float32ArrayToBfloat16, float32ToBfloat16Bits } from "../../src/dtype/bfloat16.js";

interface Fixture {
  versions: Record<string, string>;
  bfloat16: {
    named: { name: string; f32: number; bf16: number }[];
    encode: { f32: number[]; bf16: number[] };
    decode: { bf16: number[]; f32: number[] };
    double: { name: string; f64: string; bf16: number }[];
  };
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/half-conversions.json", import.meta.url), "utf8")) as Fixture;

const hex = (n: number) => `0x${n.toString(16)}`;
const isNaNBf16 = (h: number) => (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0;
const fromBits = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0]!;
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
 * Compares our encoding with PyTorch's. PyTorch's NaN bits depend on its code
 * path (0x7fc0 or 0xffff); ours are always 0x7fc0 with the input's sign.
 */
function assertEncoded(got: number, expected: number, f32Bits: number, label: string): void {
  if (isNaNBf16(expected)) assert.equal(got, ((f32Bits >>> 16) & 0x8000) | 0x7fc0, `${label}: NaN`);
  else assert.equal(got, expected, `${label}: got ${hex(got)}, expected ${hex(expected)}`);
}

test("known values", () => {
  assert.equal(float32ToBfloat16Bits(1), 0x3f80);
  assert.equal(float32ToBfloat16Bits(-3), 0xc040);
  assert.equal(float32ToBfloat16Bits(256), 0x4380);
  assert.equal(float32ToBfloat16Bits(1 / 3), 0x3eab);
  assert.equal(float32ToBfloat16Bits(1 + 2 ** -8), 0x3f80); // tie -> even (1)
  assert.equal(float32ToBfloat16Bits(1 + 3 * 2 ** -8), 0x3f82); // tie -> even (1 + 2**-6)
  assert.equal(float32ToBfloat16Bits(65504), 0x4780); // 65536: bfloat16 has only 8 significant bits
  assert.equal(bfloat16BitsToFloat32(0x3f80), 1);
  assert.equal(bfloat16BitsToFloat32(0xc040), -3);
  assert.equal(bfloat16BitsToFloat32(0x3eab), 0.333984375);
});

test("overflow rounds to infinity like PyTorch", () => {
  assert.equal(float32ToBfloat16Bits(3.4028234663852886e38), 0x7f80); // float32 max
  assert.equal(float32ToBfloat16Bits(-3.4028234663852886e38), 0xff80);
  assert.equal(float32ToBfloat16Bits(fromBits(0x7f7f7fff)), 0x7f7f); // just below the tie: bf16 max
  assert.equal(float32ToBfloat16Bits(1e39), 0x7f80); // beyond float32 range
});

test("subnormals, signed zeros, infinities and NaN", () => {
  assert.equal(float32ToBfloat16Bits(2 ** -133), 0x0001); // smallest bfloat16 subnormal
  assert.equal(float32ToBfloat16Bits(2 ** -134), 0x0000); // tie -> 0
  assert.equal(float32ToBfloat16Bits(3 * 2 ** -134), 0x0002); // tie -> even
  assert.equal(float32ToBfloat16Bits(2 ** -149), 0x0000);
  assert.equal(float32ToBfloat16Bits(fromBits(0x007fffff)), 0x0080); // largest float32 subnormal -> smallest normal
  assert.equal(bfloat16BitsToFloat32(0x0001), 2 ** -133);
  assert.equal(float32ToBfloat16Bits(0), 0x0000);
  assert.equal(float32ToBfloat16Bits(-0), 0x8000);
  assert.ok(Object.is(bfloat16BitsToFloat32(0x8000), -0));
  assert.equal(float32ToBfloat16Bits(Infinity), 0x7f80);
  assert.equal(float32ToBfloat16Bits(-Infinity), 0xff80);
  assert.equal(bfloat16BitsToFloat32(0xff80), -Infinity);
  assert.equal(float32ToBfloat16Bits(NaN), 0x7fc0);
  assert.ok(Number.isNaN(bfloat16BitsToFloat32(0x7f81)));
  const nans = new Float32Array(new Uint32Array([0x7fc00000, 0xffc00000, 0x7f800001, 0x7fffffff]).buffer);
  assert.deepEqual(Array.from(float32ArrayToBfloat16(nans)), [0x7fc0, 0xffc0, 0x7fc0, 0x7fc0]);
});

test(`doubles round through float32 first, as PyTorch ${fixture.versions.torch} does`, () => {
  assert.equal(float32ToBfloat16Bits(1 + 2 ** -8 + 2 ** -30), 0x3f80); // not 0x3f81: double rounding on purpose
  for (const c of fixture.bfloat16.double) {
    const x = fromHex64(c.f64);
    assert.equal(float32ToBfloat16Bits(x), c.bf16, c.name);
    assert.equal(float32ArrayToBfloat16([x])[0], c.bf16, `${c.name} (array)`);
  }
});

test("fixture: named cases (scalar and array)", () => {
  const { named } = fixture.bfloat16;
  const out = float32ArrayToBfloat16(new Float32Array(new Uint32Array(named.map((c) => c.f32)).buffer));
  named.forEach((c, i) => {
    assertEncoded(float32ToBfloat16Bits(fromBits(c.f32)), c.bf16, c.f32, `${c.name} (scalar)`);
    assertEncoded(out[i]!, c.bf16, c.f32, `${c.name} (array)`);
  });
});

test("fixture: random float32 values, ties and near-ties (scalar and array)", () => {
  const { f32, bf16 } = fixture.bfloat16.encode;
  const src = new Float32Array(new Uint32Array(f32).buffer);
  const out = float32ArrayToBfloat16(src);
  for (let i = 0; i < f32.length; i++) {
    assertEncoded(float32ToBfloat16Bits(src[i]!), bf16[i]!, f32[i]!, `scalar ${hex(f32[i]!)}`);
    assertEncoded(out[i]!, bf16[i]!, f32[i]!, `array ${hex(f32[i]!)}`);
  }
});

test("fixture: decoding matches PyTorch bit for bit", () => {
  const { bf16, f32 } = fixture.bfloat16.decode;
  const decoded = new Uint32Array(bfloat16ArrayToFloat32(new Uint16Array(bf16)).buffer);
  const expectedValues = new Float32Array(new Uint32Array(f32).buffer);
  bf16.forEach((h, i) => {
    assert.equal(decoded[i], f32[i], `array ${hex(h)}`);
    const v = bfloat16BitsToFloat32(h);
    if (isNaNBf16(h)) assert.ok(Number.isNaN(v), `scalar ${hex(h)}`);
    else assert.ok(Object.is(v, expectedValues[i]), `scalar ${hex(h)}: ${v}`);
  });
});

test("round trip of all 65536 patterns (NaN stays NaN)", () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const back = float32ArrayToBfloat16(bfloat16ArrayToFloat32(all));
  for (let h = 0; h < 65536; h++) {
    const scalar = float32ToBfloat16Bits(bfloat16BitsToFloat32(h));
    if (isNaNBf16(h)) {
      assert.equal(back[h], (h & 0x8000) | 0x7fc0, `array ${hex(h)}`);
      assert.ok(isNaNBf16(scalar), `scalar ${hex(h)}`);
    } else {
      assert.equal(back[h], h, `array ${hex(h)}`);
      assert.equal(scalar, h, `scalar ${hex(h)}`);
    }
  }
});

test("array path equals scalar path on 300000 random float32 bit patterns", () => {
  const next = prng(67890);
  const bits = new Uint32Array(300000);
  for (let i = 0; i < bits.length; i++) {
    // Every other pattern is forced to a tie, the case most likely to differ.
    const r = next();
    bits[i] = i % 2 === 0 ? r : (r & 0xffff0000) | 0x8000;
  }
  const src = new Float32Array(bits.buffer);
  const out = float32ArrayToBfloat16(src);
  for (let i = 0; i < bits.length; i++) {
    const s = float32ToBfloat16Bits(src[i]!);
    // Exact, NaN sign included: V8 keeps a NaN's sign when loading it from a Float32Array.
    if (out[i] !== s) assert.fail(`${hex(bits[i]!)}: array ${hex(out[i]!)} != scalar ${hex(s)}`);
  }
});

test("views with a byte offset and plain arrays", () => {
  const buf = new Float32Array([9, 1, -3, 3.4028234663852886e38, 7]);
  assert.deepEqual(Array.from(float32ArrayToBfloat16(buf.subarray(1, 4))), [0x3f80, 0xc040, 0x7f80]);
  assert.deepEqual(Array.from(float32ArrayToBfloat16([1, -3, 3.4028234663852886e38])), [0x3f80, 0xc040, 0x7f80]);
  const halves = new Uint16Array([0, 0x3f80, 0xc040, 0]);
  const dst = new Float32Array(6);
  bfloat16ArrayToFloat32(halves.subarray(1, 3), dst.subarray(2, 4));
  assert.deepEqual(Array.from(dst), [0, 0, 1, -3, 0, 0]);
});

test("dst is reused, and a wrong dst is a clear error", () => {
  const dst16 = new Uint16Array(2);
  assert.equal(float32ArrayToBfloat16(new Float32Array([1, 2]), dst16), dst16);
  assert.deepEqual(Array.from(dst16), [0x3f80, 0x4000]);
  const dst32 = new Float32Array(2);
  assert.equal(bfloat16ArrayToFloat32(dst16, dst32), dst32);
  assert.deepEqual(Array.from(dst32), [1, 2]);
  assert.throws(() => float32ArrayToBfloat16(new Float32Array(3), new Uint16Array(2)), {
    name: "RangeError",
    message: "Argument 'dst' must have length 3 (the length of 'src'), but got length 2",
  });
  assert.throws(() => bfloat16ArrayToFloat32(new Uint16Array(1), new Float32Array(4)), {
    name: "RangeError",
    message: "Argument 'dst' must have length 1 (the length of 'src'), but got length 4",
  });
  assert.throws(() => float32ArrayToBfloat16(new Float32Array(1), new Int16Array(1) as unknown as Uint16Array), TypeError);
});
