/**
 * `.weights.h5` in Keras 3's layout: files written by real Keras 3.15.1 (test/fixtures/keras,
 * see its README) load here and predict Keras's outputs; files written here round-trip
 * (predictions and the continued loss sequence identical) and have Keras's structure;
 * bad files fail with the file and the problem named, leaving the model as it was.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { zipSync } from "fflate";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../../../src/index.js";
import { type H5Dataset, type H5Group, h5Dataset, h5Group, readH5, writeH5 } from "../../../src/io/hdf5.js";
import { assertClose } from "../../helpers.js";
import { FIXTURES, GUIDE_CASES, guideModel, index, io, sequentialModel } from "./keras-fixtures.js";

const { keras, layers, mixedPrecision } = tf;
for (const c of GUIDE_CASES) {
  test(`Keras's ${c.name}.weights.h5 loads and predicts Keras's outputs`, async () => {
    const model = guideModel(c.policy);
    // Pure 16-bit policies cannot be compiled here (their optimizer state is skipped).
    if (c.optimizer) model.compile({ loss: "sparse_categorical_crossentropy", optimizer: c.optimizer() });
    await model.loadWeights(join(FIXTURES, `${c.name}.weights.h5`));
    const { x, y } = await io(c.name);
    const p = (await model.predict(x)) as tf.Tensor;
    // Softmax probabilities in [0, 1]: within one rounding of the compute dtype, absolute.
    assertClose(p.dataSync(), y, 0, c.tol, `${c.name} predictions`);
    if (c.optimizer) assert.equal(model.optimizer!.iterations, index.models[c.name]!.iterations);
  });

  test(`the weights inside Keras's ${c.name}.keras load as Keras's load_weights reads them`, async () => {
    const model = guideModel(c.policy);
    if (c.optimizer) model.compile({ loss: "sparse_categorical_crossentropy", optimizer: c.optimizer() });
    await model.loadWeights(join(FIXTURES, `${c.name}.keras`));
    const { x, y } = await io(c.name);
    assertClose(((await model.predict(x)) as tf.Tensor).dataSync(), y, 0, c.tol, `${c.name}.keras predictions`);
    if (c.optimizer) assert.equal(model.optimizer!.iterations, index.models[c.name]!.iterations);
  });
}

test("the LossScaleOptimizer's scale and counter and the RMSprop slots come from Keras's file", async () => {
  const model = guideModel("mixed_float16");
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop() });
  const file = join(FIXTURES, "guide_mixed_float16.weights.h5");
  await model.loadWeights(file);
  const lso = model.optimizer as tf.mixedPrecision.LossScaleOptimizer;
  assert.ok(lso instanceof mixedPrecision.LossScaleOptimizer);
  const tree = await readH5(file);
  const saved = (i: number): H5Dataset => dataset(tree, `optimizer/vars/${i}`);
  assert.equal(lso.lossScale, Number(saved(3).data[0])); // 32768 after 4 steps
  assert.equal(lso.dynamicCounter, Number(saved(2).data[0]));
  assert.equal(lso.iterations, 4);
  assert.equal(lso.learningRate, Math.fround(0.001));
  // Velocity of dense_1's kernel: list entry 6 (after 4 LSO scalars and the inner's 2).
  const kernel = model.getLayer("dense_1").weights[0]!;
  assert.deepEqual(lso.innerOptimizer.getSlot(kernel, "velocity")!.dataSync(), saved(6).data);
});

test("Keras's Sequential with Dropout and Adam: predictions, iterations and interleaved m/v slots", async () => {
  const model = sequentialModel();
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.Adam({ learningRate: 1e-3 }) });
  const file = join(FIXTURES, "sequential_adam.weights.h5");
  await model.loadWeights(file);
  const { x, y } = await io("sequential_adam");
  assertClose(((await model.predict(x)) as tf.Tensor).dataSync(), y, 0, 1e-5, "sequential predictions");
  const opt = model.optimizer!;
  assert.equal(opt.iterations, index.models.sequential_adam!.iterations);
  const tree = await readH5(file);
  const [k0, b0] = model.layers[0]!.weights;
  assert.deepEqual(opt.getSlot(k0!, "m")!.dataSync(), dataset(tree, "optimizer/vars/2").data);
  assert.deepEqual(opt.getSlot(k0!, "v")!.dataSync(), dataset(tree, "optimizer/vars/3").data);
  assert.deepEqual(opt.getSlot(b0!, "m")!.dataSync(), dataset(tree, "optimizer/vars/4").data);
});

function dataset(tree: H5Group, path: string): H5Dataset {
  let node: H5Group | H5Dataset | undefined = tree;
  for (const k of path.split("/")) node = node?.kind === "group" ? node.children.get(k) : undefined;
  assert.equal(node?.kind, "dataset", `${path} is a dataset`);
  return node as H5Dataset;
}

function group(tree: H5Group, path: string): H5Group {
  let node: H5Group | H5Dataset | undefined = tree;
  for (const k of path.split("/")) node = node?.kind === "group" ? node.children.get(k) : undefined;
  assert.equal(node?.kind, "group", `${path} is a group`);
  return node as H5Group;
}

async function trainedGuide(policy: string): Promise<{ model: tf.keras.Model; x: tf.Tensor; y: tf.Tensor }> {
  const model = guideModel(policy);
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop() });
  const x = tf.randomUniform([32, 784], 0, 1, "float32", 11);
  const y = tf.randomUniform([32], 0, 10, "int32", 12);
  for (let i = 0; i < 3; i++) model.trainOnBatch(x, y);
  return { model, x, y };
}

for (const policy of ["float32", "mixed_float16"]) {
  test(`${policy}: a file written here reloads to the same predictions and the same continued losses`, async () => {
    const dir = await mkdtemp(join(tmpdir(), "kerats-h5-"));
    const file = join(dir, "m.weights.h5");
    const { model, x, y } = await trainedGuide(policy);
    await model.saveWeights(file);
    const restored = guideModel(policy);
    restored.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop() });
    await restored.loadWeights(file);
    assert.deepEqual(((await restored.predict(x)) as tf.Tensor).dataSync(), ((await model.predict(x)) as tf.Tensor).dataSync());
    assert.equal(restored.optimizer!.iterations, 3);
    for (let i = 0; i < 3; i++) assert.deepEqual(restored.trainOnBatch(x, y), model.trainOnBatch(x, y), `step ${i + 4}`);
    assert.deepEqual(await readdir(dir), ["m.weights.h5"]); // no temporary file left
  });
}

test("a file written here has Keras's layout: unique snake_case keys, name attributes, the optimizer's list", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kerats-h5-"));
  const file = join(dir, "m.weights.h5");
  const { model } = await trainedGuide("mixed_float16");
  await model.saveWeights(file);
  const tree = await readH5(file);
  assert.deepEqual([...group(tree, "layers").children.keys()].sort(), ["activation", "dense", "dense_1", "dense_2", "input_layer"]);
  assert.deepEqual(group(tree, "layers/dense/vars").attrs, { name: "dense_1" });
  assert.deepEqual(group(tree, "layers/input_layer/vars").attrs, { name: "digits" });
  assert.equal(group(tree, "layers/dense_2/vars").children.size, 2);
  assert.deepEqual(dataset(tree, "layers/dense/vars/0").shape, [784, 16]);
  assert.equal(dataset(tree, "layers/dense/vars/0").dtype, "float32");
  assert.deepEqual(group(tree, "vars").attrs, { name: model.name });
  // LossScaleOptimizer: 4 own scalars + the inner RMSprop's 2 scalars and 6 velocities.
  const list = group(tree, "optimizer/vars");
  assert.equal(list.children.size, 12);
  assert.equal(dataset(tree, "optimizer/vars/4").dtype, "int64");
  assert.equal(Number(dataset(tree, "optimizer/vars/4").data[0]), 3);
  assert.equal(group(tree, "optimizer/inner_optimizer/vars").children.size, 8);
});

test("bad files: not HDF5, a wrong shape, a missing layer, a wrong extension; the model is unchanged", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kerats-h5-"));
  const model = guideModel("float32");
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop() });
  const before = model.getWeights().map((w) => w.dataSync());
  const junk = join(dir, "junk.weights.h5");
  await writeFile(junk, "not hdf5");
  await assert.rejects(model.loadWeights(junk), new RegExp(`${junk} is not an HDF5 file`));
  await assert.rejects(
    model.loadWeights(join(FIXTURES, "sequential_adam.weights.h5")),
    /Weight 'layers\/dense\/vars\/0' in .*sequential_adam\.weights\.h5 has shape \[20,32\], but layer 'dense_1' variable '.*' has shape \[784,16\]/,
  );
  // The guide's file for a model with one more Dense layer: that layer's group is missing.
  const bigger = mixedPrecision.policyScope("float32", () => {
    const inputs = keras.Input({ shape: [784] });
    let h = inputs;
    for (const units of [16, 16, 10, 10]) h = new layers.Dense(units).apply(h);
    return new keras.Model({ inputs, outputs: h });
  });
  await assert.rejects(
    bigger.loadWeights(join(FIXTURES, "guide_float32.weights.h5")),
    /has no weights for layer '.*' \(group 'layers\/dense_3\/vars'\), which expects 2 variables/,
  );
  await assert.rejects(
    model.loadWeights(join(dir, "m.h5")),
    /The filename must end in `\.weights\.h5` or `\.keras` \(Keras's formats\) or `\.npz` \(NumPy's\)\. Received: filepath=/,
  );
  await assert.rejects(model.saveWeights(join(dir, "m.keras")), /The filename must end in `\.weights\.h5` \(Keras's format\) or `\.npz` \(NumPy's\)/);
  const notZip = join(dir, "not-zip.keras");
  await writeFile(notZip, "not a zip");
  await assert.rejects(model.loadWeights(notZip), new RegExp(`${notZip} is not a Keras archive \\(not a zip file`));
  const noWeights = join(dir, "no-weights.keras");
  await writeFile(noWeights, zipSync({ "metadata.json": new TextEncoder().encode("{}") }));
  await assert.rejects(model.loadWeights(noWeights), /no-weights\.keras is not a Keras archive: it has no member 'model\.weights\.h5'/);
  await assert.rejects(model.saveWeights(join(dir, "missing-dir", "m.weights.h5")), /missing-dir/);
  assert.deepEqual((await readdir(dir)).sort(), ["junk.weights.h5", "no-weights.keras", "not-zip.keras"]);
  model.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), before[i]));
  assert.equal(model.optimizer!.iterations, 0);
});

/** `tree` with the dataset at `path` replaced. */
function replaced(tree: H5Group, path: string[], value: H5Dataset): H5Group {
  const [head, ...rest] = path;
  const children = [...tree.children].map(([k, v]): [string, H5Group | H5Dataset] =>
    k !== head ? [k, v] : rest.length === 0 ? [k, value] : [k, replaced(v as H5Group, rest, value)],
  );
  return h5Group({ ...tree.attrs }, children);
}

test("a bad optimizer value (loss scale 0, a negative learning rate) fails the load before any weight changes", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kerats-h5-"));
  const { model } = await trainedGuide("mixed_float16");
  const good = join(dir, "good.weights.h5");
  await model.saveWeights(good);
  const tree = await readH5(good);
  const cases: [string[], H5Dataset, RegExp][] = [
    [
      ["optimizer", "vars", "3"],
      h5Dataset("float32", [], new Float32Array([0])),
      /'optimizer\/vars\/3' in .* holds 0 as the loss scale; expected a positive finite number/,
    ],
    [["optimizer", "vars", "5"], h5Dataset("float32", [], new Float32Array([-1])), /'optimizer\/vars\/5' in .* holds -1 as the learning rate/],
    [["optimizer", "vars", "4"], h5Dataset("float32", [], new Float32Array([3])), /'optimizer\/vars\/4' in .* must be an integer, but is float32/],
  ];
  for (const [path, value, message] of cases) {
    const bad = join(dir, `bad-${path.at(-1)}.weights.h5`);
    await writeH5(bad, replaced(tree, path, value));
    const fresh = guideModel("mixed_float16");
    fresh.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop() });
    const before = fresh.getWeights().map((w) => w.dataSync());
    await assert.rejects(fresh.loadWeights(bad), message);
    fresh.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), before[i]));
    const lso = fresh.optimizer as tf.mixedPrecision.LossScaleOptimizer;
    assert.equal(lso.iterations, 0);
    assert.equal(lso.lossScale, 32768);
    assert.equal(lso.innerOptimizer.getSlot(fresh.trainableWeights[0]!, "velocity"), null); // no slots made
  }
});
