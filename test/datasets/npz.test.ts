import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { loadData } from "../../src/datasets/mnist.js";
import { npyToTensor, parseNpy } from "../../src/io/npy.js";
import { readNpz } from "../../src/io/npz.js";
import { assertTensor } from "../helpers.js";
import { f4, i8, npyBytes, u1 } from "./npy-builder.js";

const dir = mkdtempSync(join(tmpdir(), "kerats-npz-"));
process.env.KERAS_HOME = join(dir, "keras-home"); // never touch ~/.keras
process.env.KERATS_OFFLINE = "1"; // never touch the network

/** A tiny MNIST-like npz: 3 train and 2 test images of 2x2 pixels, int64 labels. */
function members(overrides: Record<string, Uint8Array> = {}): Record<string, Uint8Array> {
  return {
    "x_train.npy": npyBytes("|u1", [3, 2, 2], u1([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255])),
    "y_train.npy": npyBytes("<i8", [3], i8([5, 0, 4])),
    "x_test.npy": npyBytes("<u1", [2, 2, 2], u1([9, 8, 7, 6, 5, 4, 3, 2])),
    "y_test.npy": npyBytes("<i8", [2], i8([7, 2])),
    ...overrides,
  };
}

function writeNpz(name: string, files: Record<string, Uint8Array>, level: 0 | 6 = 6): string {
  const path = join(dir, name);
  writeFileSync(path, zipSync(files, { level }));
  return path;
}

test("loadData({ path }) reads an npz of .npy 1.0 members, uint8 images and int64 labels as uint8", async () => {
  for (const level of [0, 6] as const) {
    const path = writeNpz(`tiny-${level}.npz`, members(), level);
    const [[xTrain, yTrain], [xTest, yTest]] = await loadData({ path });
    assertTensor(xTrain, "uint8", [3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
    assertTensor(yTrain, "uint8", [3], [5, 0, 4]);
    assertTensor(xTest, "uint8", [2, 2, 2], [9, 8, 7, 6, 5, 4, 3, 2]);
    assertTensor(yTest, "uint8", [2], [7, 2]);
  }
});

test("parseNpy reads versions 1.0, 2.0 and 3.0 and the supported dtypes", () => {
  for (const version of [1, 2, 3] as const) {
    const a = parseNpy(npyBytes("<f4", [2, 1], f4([1.5, -2]), { version }), "a.npy");
    assert.deepEqual([a.descr, a.shape], ["<f4", [2, 1]]);
    assertTensor(npyToTensor(a, "a.npy"), "float32", [2, 1], [1.5, -2]);
  }
  const i32 = new Uint8Array(8);
  new DataView(i32.buffer).setInt32(0, -7, true);
  new DataView(i32.buffer).setInt32(4, 1 << 30, true);
  assertTensor(npyToTensor(parseNpy(npyBytes("<i4", [2], i32), "b.npy"), "b.npy"), "int32", [2], [-7, 1 << 30]);
  const f8 = new Uint8Array(8);
  new DataView(f8.buffer).setFloat64(0, Math.PI, true);
  assertTensor(npyToTensor(parseNpy(npyBytes("<f8", [], f8), "c.npy"), "c.npy"), "float64", [], [Math.PI]);
  assertTensor(npyToTensor(parseNpy(npyBytes("<i8", [2], i8([-3, 2 ** 31 - 1])), "d.npy"), "d.npy"), "int32", [2], [-3, 2 ** 31 - 1]);
  assert.throws(
    () => npyToTensor(parseNpy(npyBytes("<i8", [1], i8([2 ** 31])), "e.npy"), "e.npy"),
    /e\.npy holds the int64 value 2147483648 at index 0, which does not fit int32/,
  );
});

test("a truncated npz names the file", async () => {
  const whole = zipSync(members());
  const path = join(dir, "truncated.npz");
  writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
  await assert.rejects(loadData({ path }), (e: Error) => {
    assert.equal(e.name, "NpyFormatError");
    assert.match(e.message, /truncated\.npz is not a readable \.npz \(zip\) file \(.+\); it may be truncated or corrupt/);
    return true;
  });
  writeFileSync(path, new Uint8Array(0));
  await assert.rejects(loadData({ path }), /truncated\.npz is not a readable \.npz/);
});

test("a truncated member names the file and the member", async () => {
  const full = members()["x_train.npy"]!;
  const path = writeNpz("short-member.npz", members({ "x_train.npy": full.subarray(0, full.length - 5) }));
  await assert.rejects(
    loadData({ path }),
    /member 'x_train\.npy' of .*short-member\.npz is truncated: shape \(3, 2, 2\) of '\|u1' needs 12 data bytes but 7 follow the header/,
  );
  const cut = writeNpz("cut-header.npz", members({ "y_test.npy": full.subarray(0, 30) }));
  await assert.rejects(loadData({ path: cut }), /member 'y_test\.npy' of .*cut-header\.npz is truncated: its \.npy header claims/);
});

test("a bad .npy magic names the member", async () => {
  const bad = npyBytes("|u1", [2], u1([1, 2]), { magic: "PKNUMP" });
  const path = writeNpz("bad-magic.npz", members({ "y_train.npy": bad }));
  await assert.rejects(
    loadData({ path }),
    /member 'y_train\.npy' of .*bad-magic\.npz is not a \.npy array: it does not start with the magic string \\x93NUMPY/,
  );
});

test("an unsupported or wrong dtype is named with the member", async () => {
  const bigEndian = writeNpz("big-endian.npz", members({ "x_test.npy": npyBytes(">i4", [2, 2, 2], new Uint8Array(32)) }));
  await assert.rejects(
    loadData({ path: bigEndian }),
    /member 'x_test\.npy' of .*big-endian\.npz has dtype '>i4'; supported are '\|b1', '\|u1', '<u1', '<i4', '<i8', '<f2', '<f4', '<f8'/,
  );
  const floats = writeNpz("float-images.npz", members({ "x_train.npy": npyBytes("<f4", [3, 2, 2], f4(new Array(12).fill(0.5))) }));
  await assert.rejects(
    loadData({ path: floats }),
    /member 'x_train\.npy' of .*float-images\.npz has dtype '<f4'; MNIST images and labels must be integers 0\.\.255/,
  );
  const wide = writeNpz("wide-labels.npz", members({ "y_test.npy": npyBytes("<i8", [2], i8([7, 300])) }));
  await assert.rejects(loadData({ path: wide }), /member 'y_test\.npy' of .*wide-labels\.npz holds 300 at index 1/);
  const fortran = writeNpz("fortran.npz", members({ "x_test.npy": npyBytes("<u1", [2, 2, 2], new Uint8Array(8), { fortranOrder: true }) }));
  await assert.rejects(loadData({ path: fortran }), /fortran\.npz is stored in Fortran order/);
});

test("a missing member is named, with what the archive holds", async () => {
  const m = members();
  delete m["y_test.npy"];
  const path = writeNpz("missing.npz", m);
  await assert.rejects(loadData({ path }), /missing\.npz has no member 'y_test\.npy' \(it holds: x_train\.npy, y_train\.npy, x_test\.npy\)/);
  assert.throws(() => readNpz(zipSync({}), "empty.npz", ["a"]), /empty\.npz has no member 'a\.npy' \(it holds: nothing\)/);
});

test("mismatched image and label counts are rejected", async () => {
  const path = writeNpz("counts.npz", members({ "y_train.npy": npyBytes("<i8", [2], i8([1, 2])) }));
  await assert.rejects(loadData({ path }), /x_train has shape \[3,2,2\] and y_train has shape \[2\]/);
});

test("a path that does not exist is an error, not a download", async () => {
  await assert.rejects(
    loadData({ path: join(dir, "nope.npz") }),
    /Argument 'path' of 'mnist.loadData' must name an existing mnist.npz, but there is no file at .*nope\.npz/,
  );
  await assert.rejects(loadData({ path: 3 as never }), /Argument 'path' of 'mnist.loadData' must be a file path, but got: 3/);
});
