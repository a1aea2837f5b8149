/**
 * kerats's .npy writer and reader against the bytes NumPy's `np.save` wrote for the same
 * arrays (test/fixtures/npy, made by scripts/fixtures/make-npy-fixture.py; CI has no NumPy).
 * Each entry builds, from the literals the script used, the tensor NumPy saved.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as tf from "../../src/index.js";
import { encodeNpy } from "../../src/io/npy-writer.js";
import { npyToTensor, parseNpy } from "../../src/io/npy.js";

const dir = new URL("../fixtures/npy/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8")) as {
  arrays: Record<string, { descr: string; shape: number[] }>;
};

const f32Max = 3.4028234663852886e38;
/** name -> the tensor, and the dtype reading the file gives (bfloat16 is saved as float32). */
const cases: Record<string, { make: () => tf.Tensor; readAs?: string }> = {
  float32: {
    make: () =>
      tf.tensor(
        [
          [0.1, -2.5, f32Max],
          [1e-45, -0, Infinity],
        ],
        [2, 3],
        "float32",
      ),
  },
  "float32-nan": { make: () => tf.tensor([NaN, -Infinity], [2], "float32") },
  float16: { make: () => tf.tensor([0.1, -65504, 2 ** -24, 65519.99, -0, 1 / 3], [6], "float16") },
  float64: { make: () => tf.tensor([0.1, -1e308, 5e-324, -0, Infinity], [5], "float64") },
  int32: {
    make: () =>
      tf.tensor(
        [
          [-(2 ** 31), 2 ** 31 - 1],
          [0, -1],
        ],
        [2, 2],
        "int32",
      ),
  },
  uint8: { make: () => tf.tensor([0, 1, 127, 128, 255], [5], "uint8") },
  bool: { make: () => tf.tensor([true, false, true, true], [4], "bool") },
  "bfloat16-as-float32": { make: () => tf.tensor([0.1, 3, -1.5], [3], "bfloat16"), readAs: "float32" },
  "scalar-float32": { make: () => tf.scalar(3.5, "float32") },
  "scalar-int32": { make: () => tf.scalar(-7, "int32") },
  "empty-0x3": { make: () => tf.zeros([0, 3], "float32") },
  "empty-2x0": { make: () => tf.zeros([2, 0], "int32") },
  rank15: { make: () => tf.fill(new Array(15).fill(1), 2, "float32") },
  "aligned-header": { make: () => tf.zeros([0, ...new Array(12).fill(1), 100], "float32") },
};

/** The stored bytes of a tensor's values, as NumPy lays them out (bfloat16 widened like the writer). */
function valueBytes(t: tf.Tensor): Uint8Array {
  const bits = t.dtype === "bfloat16" ? t.cast("float32").bitsSync() : t.bitsSync();
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

test("the fixture covers every case here, and nothing else", () => {
  assert.deepEqual(Object.keys(manifest.arrays).sort(), Object.keys(cases).sort());
});

for (const [name, c] of Object.entries(cases)) {
  test(`${name}.npy: our writer gives np.save's bytes; our reader gives back the tensor`, () => {
    const numpy = new Uint8Array(readFileSync(new URL(`${name}.npy`, dir)));
    const t = c.make();
    assert.deepEqual(Buffer.from(encodeNpy(t)).toString("hex"), Buffer.from(numpy).toString("hex"), "bytes");
    const parsed = parseNpy(numpy, `${name}.npy`);
    assert.equal(parsed.descr, manifest.arrays[name]!.descr);
    assert.deepEqual(parsed.shape, manifest.arrays[name]!.shape);
    const back = npyToTensor(parsed, `${name}.npy`);
    assert.equal(back.dtype, c.readAs ?? t.dtype);
    assert.deepEqual([...back.shape], [...t.shape]);
    assert.deepEqual(valueBytes(back), valueBytes(t), "values, bit for bit");
  });
}

test("a bool array holding a byte other than 0 or 1 is refused, naming the file", () => {
  const bytes = new Uint8Array(readFileSync(new URL("bool.npy", dir)));
  bytes[bytes.length - 1] = 2;
  assert.throws(() => npyToTensor(parseNpy(bytes, "bool.npy"), "bool.npy"), /bool\.npy holds the byte 2 at index 3 of a bool array; NumPy writes only 0 and 1/);
});
