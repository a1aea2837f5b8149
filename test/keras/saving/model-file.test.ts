/**
 * Whole models in Keras 3's `.keras` format: every archive written by real Keras 3.15.1
 * (test/fixtures/keras) loads with its architecture, policies, weights and compiled
 * optimizer state and predicts Keras's outputs; models saved here reload to identical
 * predictions and identical continued training, in archives laid out as Keras writes
 * them; bad archives fail with the file and the problem named.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import * as tf from "../../../src/index.js";
import { npyToTensor } from "../../../src/io/npy.js";
import { readNpz } from "../../../src/io/npz.js";
import { assertClose, settleGarbage } from "../../helpers.js";
import { FIXTURES, GUIDE_CASES, guideModel, index, io, sequentialModel } from "./keras-fixtures.js";

const { keras, layers, mixedPrecision } = tf;

const tempDir = () => mkdtemp(join(tmpdir(), "kerats-keras-"));

/** The members of a zip, with each member's compression method (0: stored), from its local headers. */
function zipMembers(bytes: Uint8Array): { name: string; method: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { name: string; method: number }[] = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const method = view.getUint16(at + 8, true);
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extra = view.getUint16(at + 28, true);
    out.push({ name: new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)), method });
    at += 30 + nameLength + extra + size;
  }
  return out;
}

/** Parsed JSON, edited freely by the tests. */
// biome-ignore lint/suspicious/noExplicitAny: config.json is arbitrary JSON here.
type Json = Record<string, any>;

/** A copy of a `.keras` archive with its config.json changed by `edit`. */
async function editedArchive(source: string, target: string, edit: (config: Json) => void): Promise<void> {
  const members = unzipSync(await readFile(source));
  const config = JSON.parse(new TextDecoder().decode(members["config.json"]));
  edit(config);
  members["config.json"] = strToU8(JSON.stringify(config));
  await writeFile(target, zipSync(members, { level: 0 }));
}

for (const c of GUIDE_CASES) {
  test(`Keras's ${c.name}.keras loads: architecture, policies, weights, optimizer; predicts Keras's outputs`, async () => {
    const model = await keras.models.loadModel(join(FIXTURES, `${c.name}.keras`));
    assert.deepEqual(
      model.layers.map((l) => `${l.constructor.name}:${l.name}:${l.dtypePolicy.name}`),
      ["InputLayer:digits:float32", ...["dense_1", "dense_2", "dense_logits"].map((n) => `Dense:${n}:${c.policy}`), "Activation:predictions:float32"],
    );
    const { x, y } = await io(c.name);
    assertClose(((await model.predict(x)) as tf.Tensor).dataSync(), y, 0, c.tol, `${c.name}.keras predictions`);
    if (c.optimizer) {
      // Keras compiled RMSprop; under mixed_float16 the file holds the LossScaleOptimizer Keras wrapped it in.
      const opt = model.optimizer!;
      assert.equal(opt.constructor.name, c.policy === "mixed_float16" ? "LossScaleOptimizer" : "RMSprop");
      assert.equal(opt.iterations, index.models[c.name]!.iterations);
      assert.equal(opt.learningRate, Math.fround(0.001));
    } else {
      // Pure 16-bit variables cannot be trained here: the model loads for inference, not compiled.
      assert.equal(model.optimizer, null);
    }
  });
}

test("Keras's mixed_float16 archive restores the loss scale and its counter", async () => {
  const model = await keras.models.loadModel(join(FIXTURES, "guide_mixed_float16.keras"));
  const lso = model.optimizer as tf.keras.mixedPrecision.LossScaleOptimizer;
  assert.deepEqual([lso.lossScale, lso.dynamicCounter, lso.innerOptimizer.iterations], [32768, 4, 4]);
});

test("Keras's Sequential archive: layers, Dropout's rate, Adam's hyperparameters and slots, predictions", async () => {
  const model = (await keras.models.loadModel(join(FIXTURES, "sequential_adam.keras"))) as tf.keras.Sequential;
  assert.ok(model instanceof keras.Sequential);
  assert.equal(model.name, "seq");
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ["dense", "dropout", "dense_1", "dense_2", "activation"],
  );
  assert.equal((model.layers[1] as tf.layers.Dropout).rate, 0.3);
  assert.equal((model.layers[2] as tf.layers.Dense).useBias, false);
  const opt = model.optimizer as tf.keras.optimizers.Adam;
  assert.deepEqual([opt.constructor.name, opt.beta1, opt.beta2, opt.epsilon, opt.iterations], ["Adam", 0.9, 0.999, 1e-7, 4]);
  const reference = sequentialModel();
  reference.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.Adam() });
  await reference.loadWeights(join(FIXTURES, "sequential_adam.weights.h5"));
  const kernel = model.layers[0]!.weights[0]!;
  assert.deepEqual(opt.getSlot(kernel, "v")!.dataSync(), reference.optimizer!.getSlot(reference.layers[0]!.weights[0]!, "v")!.dataSync());
  const { x, y } = await io("sequential_adam");
  assertClose(((await model.predict(x)) as tf.Tensor).dataSync(), y, 0, 1e-5, "sequential predictions");
});

const trainData = () => ({ x: tf.randomUniform([32, 784], 0, 1, "float32", 21), y: tf.randomUniform([32], 0, 10, "int32", 22) });

for (const policy of ["float32", "mixed_float16", "mixed_bfloat16"]) {
  test(`${policy}: a model saved here reloads to the same predictions and trains on to the same losses`, async () => {
    const dir = await tempDir();
    const file = join(dir, "m.keras");
    const model = guideModel(policy);
    model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
    const { x, y } = trainData();
    for (let i = 0; i < 3; i++) model.trainOnBatch(x, y);
    await model.save(file);
    const loaded = await keras.models.loadModel(file);
    assert.deepEqual(
      loaded.layers.map((l) => [l.name, l.dtypePolicy.name]),
      model.layers.map((l) => [l.name, l.dtypePolicy.name]),
    );
    assert.deepEqual(((await loaded.predict(x)) as tf.Tensor).dataSync(), ((await model.predict(x)) as tf.Tensor).dataSync());
    assert.equal(loaded.optimizer!.constructor.name, model.optimizer!.constructor.name);
    assert.equal(loaded.optimizer!.iterations, 3);
    // The same loss and accuracy sequence as the unbroken run.
    for (let i = 0; i < 3; i++) assert.deepEqual(loaded.trainOnBatch(x, y), model.trainOnBatch(x, y), `step ${i + 4}`);
    assert.deepEqual(await readdir(dir), ["m.keras"]); // no temporary file left
  });
}

test("Sequential with Adam and a schedule: saved and loaded, fit goes on identically", async () => {
  const dir = await tempDir();
  const file = join(dir, "seq.keras");
  const make = () => {
    const lr = new keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 2, decayRate: 0.5 });
    const m = sequentialModel();
    m.compile({
      loss: new keras.losses.SparseCategoricalCrossentropy(),
      optimizer: new keras.optimizers.Adam({ learningRate: lr, amsgrad: true }),
      metrics: ["accuracy"],
    });
    return m;
  };
  const model = make();
  const x = tf.randomNormal([16, 20], 0, 1, "float32", 5);
  const y = tf.randomUniform([16], 0, 3, "int32", 6);
  await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false });
  await model.save(file);
  const loaded = await keras.models.loadModel(file);
  const opt = loaded.optimizer as tf.keras.optimizers.Adam;
  assert.equal(opt.amsgrad, true);
  assert.deepEqual(opt.getConfig(), model.optimizer!.getConfig());
  // Dropout draws from the global stream in both runs: reseed before each.
  tf.random.setSeed(7);
  const a = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false });
  tf.random.setSeed(7);
  const b = await loaded.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false });
  assert.deepEqual(b.history, a.history);
});

test("an archive written here is Keras's layout: three stored members, Keras's config.json", async () => {
  const dir = await tempDir();
  const file = join(dir, "guide.keras");
  const model = guideModel("mixed_float16");
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
  await model.save(file);
  const bytes = new Uint8Array(await readFile(file));
  assert.deepEqual(zipMembers(bytes), [
    { name: "metadata.json", method: 0 },
    { name: "config.json", method: 0 },
    { name: "model.weights.h5", method: 0 },
  ]);
  const ours = JSON.parse(new TextDecoder().decode(unzipSync(bytes)["config.json"]));
  const keras3 = JSON.parse(new TextDecoder().decode(unzipSync(await readFile(join(FIXTURES, "guide_mixed_float16.keras")))["config.json"]));
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(keras3).sort());
  for (const key of ["module", "class_name", "build_config"]) assert.deepEqual(ours[key], keras3[key], key);
  assert.deepEqual(ours.config.input_layers, keras3.config.input_layers);
  assert.deepEqual(ours.config.output_layers, keras3.config.output_layers);
  // Layer by layer, what both write (Keras also writes options kerats leaves at their defaults).
  const strip = (layer: Json) => {
    const { shared_object_id: _, ...dtype } = layer.config.dtype ?? {};
    const config = { ...layer.config, ...(layer.config.dtype && typeof layer.config.dtype === "object" ? { dtype } : {}) };
    for (const k of ["kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint", "quantization_config", "sparse", "ragged", "optional"])
      delete config[k];
    for (const k of ["kernel_initializer", "bias_initializer"]) if (config[k]) config[k] = { ...config[k], config: { seed: config[k].config.seed ?? null } };
    if (config.bias_initializer) config.bias_initializer.config = {};
    return { ...layer, config };
  };
  assert.deepEqual(ours.config.layers.map(strip), keras3.config.layers.map(strip));
  // Keras's compile config names the RMSprop compile was given; this one the LossScaleOptimizer
  // around it that trains, so that Keras restores the loss scale whatever its global policy.
  const compile = ours.compile_config;
  assert.deepEqual({ ...compile, optimizer: compile.optimizer.class_name }, { ...keras3.compile_config, optimizer: "LossScaleOptimizer" });
  const inner = compile.optimizer.config.inner_optimizer;
  assert.deepEqual([inner.class_name, inner.config.learning_rate, inner.config.rho], ["RMSprop", 0.001, 0.9]);
  assert.deepEqual([compile.optimizer.config.initial_scale, compile.optimizer.config.dynamic_growth_steps], [32768, 2000]);
  const metadata = JSON.parse(new TextDecoder().decode(unzipSync(bytes)["metadata.json"]));
  assert.match(metadata.date_saved, /^\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/);
  assert.equal(typeof metadata.keras_version, "string");
});

test("Keras's older dtype strings (before 3.4) and tf.keras's policy class name load too", async () => {
  const dir = await tempDir();
  const file = join(dir, "old.keras");
  await editedArchive(join(FIXTURES, "guide_mixed_bfloat16.keras"), file, (config) => {
    config.config.layers[1].config.dtype = "mixed_bfloat16";
    config.config.layers[2].config.dtype.class_name = "FloatDTypePolicy";
  });
  const model = await keras.models.loadModel(file);
  assert.deepEqual(
    model.layers.map((l) => l.dtypePolicy.name),
    ["float32", "mixed_bfloat16", "mixed_bfloat16", "mixed_bfloat16", "float32"],
  );
});

test("functional models with a shared layer, a nested Sequential and two outputs keep their graph", async () => {
  const dir = await tempDir();
  const file = join(dir, "graph.keras");
  const inner = new keras.Sequential([new layers.Dense(3, { activation: "tanh", name: "inner_dense" })], { name: "inner" });
  const a = keras.Input({ shape: [4], name: "a" });
  const b = keras.Input({ shape: [4], name: "b" });
  const shared = new layers.Dense(4, { name: "shared" });
  const sa = shared.apply(a);
  const sb = shared.apply(b);
  const head = inner.apply(new layers.Dense(4, { activation: "relu", name: "mid" }).apply(sa));
  const model = new keras.Model({ inputs: [a, b], outputs: [head, new layers.Flatten({ name: "flat" }).apply(sb)], name: "two_headed" });
  model.compile({ loss: ["mse", "mae"], optimizer: "sgd", lossWeights: [1, 0.5] });
  await model.save(file);
  const loaded = await keras.models.loadModel(file);
  assert.deepEqual(
    loaded.layers.map((l) => l.name),
    model.layers.map((l) => l.name),
  );
  assert.deepEqual(JSON.parse(loaded.toJSON()).config, JSON.parse(model.toJSON()).config);
  const xa = tf.randomNormal([5, 4], 0, 1, "float32", 1);
  const xb = tf.randomNormal([5, 4], 0, 1, "float32", 2);
  const expected = model.apply([xa, xb]) as unknown as tf.Tensor[];
  const actual = loaded.apply([xa, xb]) as unknown as tf.Tensor[];
  expected.forEach((t, i) => assert.deepEqual(actual[i]!.dataSync(), t.dataSync(), `output ${i}`));
  // The shared layer's second call is its node 1.
  const config = JSON.parse(model.toJSON()).config;
  assert.deepEqual(config.output_layers, [
    ["inner", 0, 0],
    ["flat", 0, 0],
  ]);
  const flat = config.layers.find((l: { name: string }) => l.name === "flat");
  assert.deepEqual(flat.inbound_nodes[0].args[0].config.keras_history, ["shared", 1, 0]);
  assert.deepEqual(loaded.compiledState!.lossWeights, [1, 0.5]);
});

test("toJSON / modelFromJson and serialize / modelFromConfig rebuild the architecture", async () => {
  const model = guideModel("mixed_bfloat16");
  const copy = keras.models.modelFromJson(model.toJSON());
  assert.equal(copy.toJSON(), model.toJSON());
  const again = keras.models.modelFromConfig(keras.saving.serialize(model));
  assert.deepEqual(again.getConfig(), model.getConfig());
  again.setWeights(model.getWeights());
  const x = tf.randomUniform([4, 784], 0, 1, "float32", 3);
  assert.deepEqual(again.apply(x).dataSync(), model.apply(x).dataSync());
  const seq = sequentialModel();
  assert.deepEqual(keras.models.modelFromJson(seq.toJSON()).getConfig(), seq.getConfig());
});

test("a registered user layer saves and loads; without registration the load names the class", async () => {
  class Scale extends keras.layers.Layer {
    readonly factor: number;
    constructor(options: tf.layers.LayerOptions & { factor?: number } = {}) {
      const { factor = 2, ...rest } = options;
      super(rest);
      this.factor = factor;
    }
    call(x: tf.Tensor): tf.Tensor {
      return tf.mul(x, this.factor);
    }
    override getConfig() {
      return { ...super.getConfig(), factor: this.factor };
    }
  }
  const dir = await tempDir();
  const file = join(dir, "scaled.keras");
  const inputs = keras.Input({ shape: [2] });
  const model = new keras.Model({ inputs, outputs: new Scale({ factor: 3, name: "scale" }).apply(new layers.Dense(2, { name: "d" }).apply(inputs)) });
  await model.save(file);
  await assert.rejects(keras.models.loadModel(file), /Unknown layer: 'Scale'.*registerSerializable/);
  const viaCustomObjects = await keras.models.loadModel(file, { customObjects: { Scale } });
  assert.equal((viaCustomObjects.getLayer("scale") as Scale).factor, 3);
  keras.saving.registerSerializable(Scale, { package: "tests" });
  await model.save(file);
  const config = JSON.parse(new TextDecoder().decode(unzipSync(await readFile(file))["config.json"]));
  assert.equal(config.config.layers[2].registered_name, "tests>Scale");
  const loaded = await keras.models.loadModel(file);
  const x = tf.tensor([[1, 2]]);
  assert.deepEqual(loaded.apply(x).dataSync(), model.apply(x).dataSync());
});

test("bad archives: not a zip, a member missing, not JSON, an unknown class, an unsupported option, a wrong shape", async () => {
  const dir = await tempDir();
  const junk = join(dir, "junk.keras");
  await writeFile(junk, "not a zip");
  await assert.rejects(keras.models.loadModel(junk), new RegExp(`${junk} is not a Keras archive \\(not a zip file`));
  const noWeights = join(dir, "no-weights.keras");
  await writeFile(noWeights, zipSync({ "metadata.json": strToU8("{}"), "config.json": strToU8("{}") }));
  await assert.rejects(keras.models.loadModel(noWeights), /no-weights\.keras is not a Keras archive: it has no member 'model\.weights\.h5'/);
  const members = unzipSync(await readFile(join(FIXTURES, "guide_float32.keras")));
  const badJson = join(dir, "bad-json.keras");
  await writeFile(badJson, zipSync({ ...members, "config.json": strToU8("{not json") }));
  await assert.rejects(keras.models.loadModel(badJson), /member 'config\.json' of .*bad-json\.keras is not JSON/);
  const unknown = join(dir, "unknown.keras");
  await editedArchive(join(FIXTURES, "guide_float32.keras"), unknown, (c) => {
    c.config.layers[1].class_name = "EinsumDense";
  });
  await assert.rejects(keras.models.loadModel(unknown), /Unknown layer: 'EinsumDense'/);
  const regularized = join(dir, "regularized.keras");
  await editedArchive(join(FIXTURES, "guide_float32.keras"), regularized, (c) => {
    c.config.layers[2].config.kernel_regularizer = { module: "keras.regularizers", class_name: "L2", config: { l2: 0.01 } };
  });
  await assert.rejects(keras.models.loadModel(regularized), /Dense 'dense_2' sets `kernel_regularizer` to .*L2.*, which kerats does not support/);
  const wider = join(dir, "wider.keras");
  await editedArchive(join(FIXTURES, "guide_float32.keras"), wider, (c) => {
    c.config.layers[1].config.units = 17;
  });
  await assert.rejects(
    keras.models.loadModel(wider),
    /Weight 'layers\/dense\/vars\/0' in member 'model\.weights\.h5' of .*wider\.keras has shape \[784,16\], but layer 'dense_1' variable '.*' has shape \[784,17\]/,
  );
  await assert.rejects(keras.models.loadModel(join(dir, "m.h5")), /File format not supported: filepath=.*m\.h5/);
  await assert.rejects(keras.models.loadModel(join(dir, "missing.keras")), /ENOENT/);
});

test("a failed save leaves no file: an unregistered loss function, a wrong extension", async () => {
  const dir = await tempDir();
  const model = guideModel("float32");
  const myLoss = (t: tf.Tensor, p: tf.Tensor) => tf.mean(tf.square(tf.sub(p, t)), -1);
  model.compile({ loss: myLoss, optimizer: "sgd" });
  await assert.rejects(
    model.save(join(dir, "m.keras")),
    /Cannot save model '.*': its loss myLoss is neither built in nor registered; register it with keras.saving.registerSerializable/,
  );
  await assert.rejects(model.save(join(dir, "m.h5")), /Invalid filepath extension for saving\. Please add a `\.keras` extension/);
  assert.deepEqual(await readdir(dir), []);
  keras.saving.registerSerializable(myLoss, { package: "tests", name: "my_loss" });
  await model.save(join(dir, "m.keras"));
  const loaded = await keras.models.loadModel(join(dir, "m.keras"));
  const x = tf.randomUniform([4, 784], 0, 1, "float32", 8);
  const y = tf.oneHot(tf.tensor([1, 2, 3, 4], undefined, "int32"), 10);
  assert.deepEqual(loaded.testOnBatch(x, y), model.testOnBatch(x, y));
});

test("mixed precision: a loaded mixed_float16 model keeps the policy of each layer whatever the global policy", async () => {
  const model = await mixedPrecision.policyScope("float32", () => keras.models.loadModel(join(FIXTURES, "guide_mixed_float16.keras")));
  assert.equal(model.getLayer("dense_1").computeDtype, "float16");
  assert.equal(model.getLayer("predictions").computeDtype, "float32");
});

test("a failed load frees what it made: no variables left behind", async () => {
  const dir = await tempDir();
  const wider = join(dir, "wider.keras");
  await editedArchive(join(FIXTURES, "guide_mixed_float16.keras"), wider, (c) => {
    c.config.layers[3].config.units = 11;
  });
  await settleGarbage();
  const before = [tf.memory().numTensors, tf.memory().numBytes];
  await assert.rejects(keras.models.loadModel(wider), /has shape \[16,10\], but layer 'dense_logits' variable '.*' has shape \[16,11\]/);
  assert.deepEqual([tf.memory().numTensors, tf.memory().numBytes], before);
  // A class unknown after two layers were made and built: theirs are freed too.
  const unknown = join(dir, "unknown-late.keras");
  await editedArchive(join(FIXTURES, "guide_mixed_float16.keras"), unknown, (c) => {
    c.config.layers[3].class_name = "EinsumDense";
  });
  await assert.rejects(keras.models.loadModel(unknown), /Unknown layer: 'EinsumDense'/);
  const seqUnknown = join(dir, "seq-unknown.keras");
  await editedArchive(join(FIXTURES, "sequential_adam.keras"), seqUnknown, (c) => {
    c.config.layers[4].class_name = "EinsumDense";
  });
  await assert.rejects(keras.models.loadModel(seqUnknown), /Unknown layer: 'EinsumDense'/);
  assert.deepEqual([tf.memory().numTensors, tf.memory().numBytes], before);
});

test("Keras's graph_adam.keras: nested functional and Sequential models, a shared layer, two outputs", async () => {
  const file = join(FIXTURES, "graph_adam.keras");
  const model = await keras.models.loadModel(file);
  // Keras's map_graph order, as Keras listed it.
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ["a", "shared", "b", "inner", "head", "tail"],
  );
  const npz = readNpz(await readFile(join(FIXTURES, "graph_adam.io.npz")), "graph_adam.io.npz", ["a", "b", "y0", "y1", "iterations"]);
  const [y0, y1] = model.apply([npyToTensor(npz.a!, "a"), npyToTensor(npz.b!, "b")]) as unknown as tf.Tensor[];
  assertClose(y0!.dataSync(), npyToTensor(npz.y0!, "y0").dataSync(), 0, 1e-5, "head");
  assertClose(y1!.dataSync(), npyToTensor(npz.y1!, "y1").dataSync(), 0, 1e-5, "tail");
  assert.equal(model.optimizer!.iterations, Number(npyToTensor(npz.iterations!, "iterations").dataSync()[0]));
  assert.deepEqual(model.compiledState!.lossWeights, [1, 0.5]);
  // Saved again here, the graph is written as Keras wrote it: same layers, same node references.
  const nodes = (json: Json) => json.config.layers.map((l: Json) => [l.name, l.class_name, l.inbound_nodes.map((n: Json) => n.args[0].config.keras_history)]);
  const keras3 = JSON.parse(new TextDecoder().decode(unzipSync(await readFile(file))["config.json"]));
  const ours = JSON.parse(model.toJSON());
  assert.deepEqual(nodes(ours), nodes(keras3));
  assert.deepEqual([ours.config.input_layers, ours.config.output_layers], [keras3.config.input_layers, keras3.config.output_layers]);
});

test("Keras's sequential_layers.keras: every other layer, loss and metric objects, AdamW over a CosineDecay", async () => {
  const model = await keras.models.loadModel(join(FIXTURES, "sequential_layers.keras"));
  assert.deepEqual(
    model.layers.map((l) => l.constructor.name),
    ["Dense", "Flatten", "Reshape", "Softmax", "Dropout"],
  );
  assert.equal((model.layers[3] as tf.layers.Softmax).axis, 1);
  assert.equal((model.layers[4] as tf.layers.Dropout).seed, 3);
  const npz = readNpz(await readFile(join(FIXTURES, "sequential_layers.io.npz")), "sequential_layers.io.npz", ["x", "y", "iterations"]);
  assertClose(((await model.predict(npyToTensor(npz.x!, "x"))) as tf.Tensor).dataSync(), npyToTensor(npz.y!, "y").dataSync(), 0, 1e-6, "predictions");
  const opt = model.optimizer as tf.keras.optimizers.AdamW;
  assert.deepEqual([opt.constructor.name, opt.weightDecay, opt.iterations], ["AdamW", 0.01, 2]);
  const schedule = opt.getConfig().learningRate as { className: string; config: Record<string, unknown> };
  assert.deepEqual([schedule.className, schedule.config.decaySteps, schedule.config.alpha], ["CosineDecay", 10, 0.1]);
  const compiled = model.compiledState!;
  assert.equal(compiled.losses[0]!.constructor, keras.losses.MeanSquaredError);
  assert.deepEqual(
    compiled.metrics[0]!.map((m) => [m.name, m.metric.constructor]),
    [
      ["mean_absolute_error", keras.metrics.MeanAbsoluteError],
      ["mse", keras.metrics.MeanSquaredError],
    ],
  );
});

test("wrapped functions in compile: a LossFunctionWrapper and a MeanMetricWrapper keep their names", async () => {
  const dir = await tempDir();
  const model = guideModel("float32");
  const loss = new keras.losses.LossFunctionWrapper(keras.losses.sparseCategoricalCrossentropy, { name: "scce" });
  const metric = new keras.metrics.MeanMetricWrapper(keras.metrics.sparseCategoricalAccuracy, { name: "acc_of_mine" });
  model.compile({ loss, optimizer: "sgd", metrics: [metric] });
  await model.save(join(dir, "w.keras"));
  const loaded = await keras.models.loadModel(join(dir, "w.keras"));
  const compiled = loaded.compiledState!;
  assert.deepEqual(
    [compiled.losses[0]!.name, (compiled.losses[0] as tf.keras.losses.LossFunctionWrapper).fn],
    ["scce", keras.losses.sparseCategoricalCrossentropy],
  );
  assert.deepEqual(
    [compiled.metrics[0]![0]!.name, (compiled.metrics[0]![0]!.metric as tf.keras.metrics.MeanMetricWrapper).fn],
    ["acc_of_mine", keras.metrics.sparseCategoricalAccuracy],
  );
  const x = tf.randomUniform([4, 784], 0, 1, "float32", 9);
  const y = tf.tensor([1, 2, 3, 4], undefined, "int32");
  assert.deepEqual(loaded.testOnBatch(x, y), model.testOnBatch(x, y));
});
