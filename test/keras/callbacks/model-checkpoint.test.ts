import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../../../src/index.js";
import { Dense } from "../../../src/keras/layers/index.js";
import { Sequential } from "../../../src/keras/models/index.js";
import { SGD } from "../../../src/keras/optimizers/index.js";
import { ModelCheckpoint } from "../../../src/keras/callbacks/model-checkpoint.js";

const dir = mkdtempSync(join(tmpdir(), "kerats-ckpt-"));

function model(): Sequential {
  const m = new Sequential([new Dense(3, { inputShape: [4] }), new Dense(1)]);
  m.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0.01 }) });
  return m;
}

test("saveWeights and loadWeights restore every weight; errors name the file", async () => {
  const a = model();
  const b = model();
  const path = join(dir, "w.npz");
  await a.saveWeights(path);
  await b.loadWeights(path);
  a.weights.forEach((w, i) => assert.deepEqual([...b.weights[i]!.dataSync()], [...w.dataSync()]));
  const other = new Sequential([new Dense(2, { inputShape: [4] }), new Dense(1)]);
  await assert.rejects(other.loadWeights(path), /Layer weight shape \[4,2\] not compatible with provided weight shape \[4,3\]/);
  const bad = join(dir, "bad.npz");
  writeFileSync(bad, "not a zip");
  await assert.rejects(b.loadWeights(bad), new RegExp(`${bad.replace(/[.]/g, "\\.")} is not a readable \\.npz`));
});

test("ModelCheckpoint saves each epoch, or only improvements, with formatted paths", async () => {
  const m = model();
  const x = tf.randomNormal([32, 4], 0, 1, "float32", 1);
  const y = tf.randomNormal([32, 1], 0, 1, "float32", 2);
  const every = new ModelCheckpoint(join(dir, "e{epoch:02d}.npz"));
  await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [every] });
  assert.ok(existsSync(join(dir, "e01.npz")) && existsSync(join(dir, "e02.npz")));
  const best = new ModelCheckpoint(join(dir, "best-{epoch}-{loss:.3f}.npz"), { monitor: "loss", saveBestOnly: true });
  assert.equal(best.pathFor(4, { loss: 0.12345 }), join(dir, "best-5-0.123.npz"));
  m.optimizer!.learningRate = 0; // the loss can no longer improve after the first epoch
  await m.fit(x, y, { epochs: 3, verbose: 0, shuffle: false, callbacks: [best] });
  assert.ok(Number.isFinite(best.best));
  assert.throws(() => new ModelCheckpoint(join(dir, "{nope}.npz")).pathFor(0, {}), /'nope' is not available/);
});

test("ModelCheckpoint writes Keras's .weights.h5 (weights and optimizer state) or .keras (whole model) and refuses other names", async () => {
  const m = model();
  const x = tf.randomNormal([32, 4], 0, 1, "float32", 1);
  const y = tf.randomNormal([32, 1], 0, 1, "float32", 2);
  await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new ModelCheckpoint(join(dir, "k{epoch}.weights.h5"))] });
  const restored = model();
  await restored.loadWeights(join(dir, "k2.weights.h5"));
  m.weights.forEach((w, i) => assert.deepEqual(restored.weights[i]!.dataSync(), w.dataSync()));
  assert.equal(restored.optimizer!.iterations, m.optimizer!.iterations);
  await m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new ModelCheckpoint(join(dir, "whole.keras"))] });
  const loaded = await tf.keras.models.loadModel(join(dir, "whole.keras"));
  m.weights.forEach((w, i) => assert.deepEqual(loaded.weights[i]!.dataSync(), w.dataSync()));
  assert.equal(loaded.optimizer!.iterations, m.optimizer!.iterations);
  assert.throws(
    () => new ModelCheckpoint(join(dir, "m.keras"), { saveWeightsOnly: true }),
    /When using `saveWeightsOnly=true` in `ModelCheckpoint`, the filepath provided must end in `\.weights\.h5`/,
  );
  assert.throws(() => new ModelCheckpoint(join(dir, "m.weights.h5"), { saveWeightsOnly: false }), /The filepath provided must end in `\.keras`/);
  assert.throws(
    () => new ModelCheckpoint(join(dir, "m.ckpt")),
    /The filepath provided must end in `\.keras` \(Keras model format\)\. Received: filepath=.*m\.ckpt/,
  );
});
