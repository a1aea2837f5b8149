import { test } from "node:test";
import assert from "node:assert/strict";
import { IdxFormatError, parseIdx } from "../../src/io/idx.js";

/** IDX bytes by hand: magic (0, 0, code, rank), each dimension big-endian, then `data`. */
function idx(code: number, dims: number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, code, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}

test("parseIdx reads a 1-D file of unsigned bytes", () => {
  const a = parseIdx(idx(0x08, [3], [7, 0, 255]), "labels-idx1-ubyte");
  assert.deepEqual(a.shape, [3]);
  assert.deepEqual(Array.from(a.data), [7, 0, 255]);
});

test("parseIdx reads a 3-D file with big-endian dimensions, also at an offset into a larger buffer", () => {
  // 258 = 0x00000102: a little-endian reader would see 0x02010000.
  const values = Array.from({ length: 2 * 3 * 258 }, (_, i) => (i * 7) % 256);
  const file = idx(0x08, [2, 3, 258], values);
  const padded = new Uint8Array(5 + file.length);
  padded.set(file, 5);
  for (const bytes of [file, padded.subarray(5)]) {
    const a = parseIdx(bytes, "images-idx3-ubyte");
    assert.deepEqual(a.shape, [2, 3, 258]);
    assert.equal(a.data.length, 1548);
    assert.deepEqual(Array.from(a.data), values);
  }
});

test("parseIdx refuses a file without the IDX magic, naming the file and its first bytes", () => {
  assert.throws(
    () =>
      parseIdx(
        idx(0x08, [1], [1]).map((b, i) => (i === 0 ? 1 : b)),
        "bad.idx",
      ),
    (e: unknown) =>
      e instanceof IdxFormatError &&
      /^bad\.idx is not an IDX file: its magic must be 0x00 0x00, a dtype code and a dimension count of at least 1, but it starts with 0x01 0x00 0x08 0x01$/.test(
        e.message,
      ),
  );
  assert.throws(
    () =>
      parseIdx(
        idx(0x08, [1], [1]).map((b, i) => (i === 1 ? 8 : b)),
        "shifted.idx",
      ),
    /shifted\.idx is not an IDX file: .* starts with 0x00 0x08 0x08 0x01$/,
  );
  const npy = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  assert.throws(() => parseIdx(npy, "x.npy"), /^IdxFormatError: x\.npy is not an IDX file: .* starts with 0x93 0x4e 0x55 0x4d$/);
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 0]), "scalar.idx"), /scalar\.idx is not an IDX file: .* starts with 0x00 0x00 0x08 0x00$/);
  assert.throws(() => parseIdx(new Uint8Array(0), "empty.idx"), /empty\.idx is not an IDX file: .* starts with nothing$/);
});

test("parseIdx refuses other dtype codes than unsigned bytes, naming the code", () => {
  assert.throws(
    () => parseIdx(idx(0x0d, [1], [0, 0, 0, 0]), "floats.idx"),
    /^IdxFormatError: floats\.idx has IDX dtype code 0x0d \(float32\); only unsigned bytes \(0x08\), as in MNIST, are supported$/,
  );
  assert.throws(() => parseIdx(idx(0x09, [1], [255]), "signed.idx"), /signed\.idx has IDX dtype code 0x09 \(int8\)/);
  assert.throws(() => parseIdx(idx(0x07, [1], [1]), "odd.idx"), /odd\.idx has IDX dtype code 0x07 \(not an IDX dtype\)/);
});

test("parseIdx refuses truncated or over-long files, saying how many bytes the shape needs", () => {
  assert.throws(
    () => parseIdx(idx(0x08, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7]), "short.idx"),
    /^IdxFormatError: short\.idx is truncated: shape \[2,2,2\] of uint8 needs 8 data bytes, but 7 follow the header$/,
  );
  assert.throws(
    () => parseIdx(idx(0x08, [2], [1, 2, 3]), "long.idx"),
    /^IdxFormatError: long\.idx is corrupt: shape \[2\] of uint8 needs 2 data bytes, but 3 follow the header$/,
  );
  // The header itself cut short: 3 dimensions declared, only 1 present.
  assert.throws(
    () =>
      parseIdx(
        idx(0x08, [3], []).map((b, i) => (i === 3 ? 3 : b)),
        "header.idx",
      ),
    /^IdxFormatError: header\.idx is truncated: its header declares 3 dimensions, 16 bytes, but the file has 8 bytes$/,
  );
});
