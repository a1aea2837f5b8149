/**
 * Every serializable class round-trips through its config: `fromConfig(getConfig())`
 * gives an equal config, directly and through the snake_case JSON of a Keras file; the
 * list of cases covers every class the namespaces export, so a new class without a
 * config fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { dropKerasOnlyOptions, fromKerasJson, toCamelKey, toKerasJson, toSnakeKey } from "../../../src/keras/saving/config-keys.js";
import { deserialize, type SerializableKind } from "../../../src/keras/saving/object-registry.js";

const { keras } = tf;
const { layers, initializers, optimizers, losses, metrics, mixedPrecision } = tf.keras;

/** One or more instances of each exported class, with options away from the defaults. */
const CASES: Record<SerializableKind, () => object[]> = {
  layer: () => [
    new layers.Dense(5, { activation: "tanh", useBias: false, kernelInitializer: new initializers.HeNormal({ seed: 3 }), name: "d", dtype: "mixed_bfloat16" }),
    new layers.Activation("softmax", { dtype: "float32" }),
    new layers.Dropout(0.25, { noiseShape: [null, 1], seed: 9 }),
    new layers.Flatten({ trainable: false }),
    new layers.Reshape([2, -1]),
    new layers.Softmax({ axis: 1 }),
    keras.Input({ shape: [3], name: "in" }).history!.layer,
  ],
  initializer: () => [
    new initializers.Zeros(),
    new initializers.Ones(),
    new initializers.Constant({ value: 0.5 }),
    new initializers.RandomNormal({ mean: 1, stddev: 2, seed: 4 }),
    new initializers.RandomUniform({ minval: -1, maxval: 3 }),
    new initializers.TruncatedNormal({ stddev: 0.1, seed: 1 }),
    new initializers.VarianceScaling({ scale: 2, mode: "fan_out", distribution: "uniform", seed: 5 }),
    new initializers.GlorotUniform({ seed: 6 }),
    new initializers.GlorotNormal(),
    new initializers.HeUniform(),
    new initializers.HeNormal({ seed: 2 }),
    new initializers.LecunNormal(),
  ],
  optimizer: () => [
    new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipnorm: 1 }),
    new optimizers.RMSprop({ rho: 0.8, centered: true, globalClipnorm: 2, name: "rms" }),
    new optimizers.Adam({ learningRate: new optimizers.schedules.CosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 }), amsgrad: true }),
    new optimizers.AdamW({ weightDecay: 0.01, beta1: 0.8 }),
    new mixedPrecision.LossScaleOptimizer(new optimizers.SGD({ momentum: 0.5 }), { initialScale: 64, dynamicGrowthSteps: 10 }),
  ],
  schedule: () => [
    new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.9, staircase: true, name: "e" }),
    new optimizers.schedules.CosineDecay({ initialLearningRate: 1, decaySteps: 4 }),
    new optimizers.schedules.CosineDecay({ initialLearningRate: 0.1, decaySteps: 4, warmupTarget: 0.5, warmupSteps: 2, name: "warm" }),
  ],
  loss: () => [
    new losses.SparseCategoricalCrossentropy({ fromLogits: true, reduction: "sum" }),
    new losses.CategoricalCrossentropy({ labelSmoothing: 0.1 }),
    new losses.BinaryCrossentropy({ fromLogits: true, name: "bce" }),
    new losses.MeanSquaredError(),
    new losses.MeanAbsoluteError({ reduction: "none" }),
    new losses.Huber({ delta: 0.5 }),
    new losses.LossFunctionWrapper(losses.meanSquaredError, { name: "wrapped" }),
  ],
  metric: () => [
    new metrics.Accuracy(),
    new metrics.BinaryAccuracy({ threshold: 0.7 }),
    new metrics.CategoricalAccuracy({ name: "cat" }),
    new metrics.SparseCategoricalAccuracy(),
    new metrics.TopKCategoricalAccuracy({ k: 3 }),
    new metrics.SparseTopKCategoricalAccuracy({ k: 2 }),
    new metrics.AUC({ numThresholds: 50, curve: "PR", fromLogits: true }),
    new metrics.Precision({ thresholds: [0.3, 0.6] }),
    new metrics.Recall(),
    new metrics.Mean({ name: "m" }),
    new metrics.Sum(),
    new metrics.MeanMetricWrapper(metrics.binaryAccuracy, { name: "ba" }),
    new metrics.MeanSquaredError({ name: "mse" }),
    new metrics.MeanAbsoluteError(),
    new metrics.SparseCategoricalCrossentropy({ fromLogits: true }),
    new metrics.CategoricalCrossentropy({ labelSmoothing: 0.1, name: "cce" }),
    new metrics.BinaryCrossentropy({ fromLogits: true }),
  ],
  activation: () => [],
  policy: () => [new mixedPrecision.Policy("mixed_float16"), new mixedPrecision.Policy("bfloat16")],
};

type WithConfig = { getConfig(): Record<string, unknown> };

for (const [kind, make] of Object.entries(CASES) as [SerializableKind, () => object[]][]) {
  test(`${kind}: fromConfig(getConfig()) and the Keras file form round-trip`, () => {
    for (const obj of make()) {
      const serialized = keras.saving.serialize(obj);
      const what = `${serialized.className} ${JSON.stringify(serialized.config)}`;
      const config = (obj as WithConfig).getConfig();
      const direct = (obj.constructor as unknown as { fromConfig(c: Record<string, unknown>): WithConfig }).fromConfig(config);
      assert.equal(direct.constructor, obj.constructor, what);
      assert.deepEqual(direct.getConfig(), config, what);
      // Through a Keras file: snake_case JSON, read back as camelCase.
      const json = JSON.parse(JSON.stringify(toKerasJson(serialized)));
      const back = deserialize(kind, dropKerasOnlyOptions(fromKerasJson(json), "test")) as unknown as WithConfig;
      assert.equal(back.constructor, obj.constructor, what);
      assert.deepEqual(back.getConfig(), config, what);
    }
  });
}

test("the cases cover every class the namespaces export", () => {
  const covered = new Set(Object.values(CASES).flatMap((make) => make().map((o) => o.constructor)));
  const abstract = new Set<unknown>([
    layers.Layer,
    initializers.Initializer,
    optimizers.Optimizer,
    optimizers.LearningRateSchedule,
    losses.Loss,
    metrics.Metric,
  ]);
  for (const ns of [layers, initializers, optimizers, optimizers.schedules, losses, metrics, mixedPrecision]) {
    for (const [name, value] of Object.entries(ns)) {
      if (typeof value !== "function" || !/^class[\s{]/.test(Function.prototype.toString.call(value)) || abstract.has(value)) continue;
      assert.ok(covered.has(value), `${name} has a round-trip case`);
    }
  }
});

test("activations: every built-in saves by its Keras name and loads back", () => {
  for (const name of ["linear", "relu", "sigmoid", "tanh", "softmax", "gelu", "softplus", "swish", "elu", "selu", "leaky_relu"]) {
    const dense = new layers.Dense(2, { activation: name });
    assert.equal(dense.getConfig().activation, name);
    assert.equal(layers.Dense.fromConfig(dense.getConfig()).activation, dense.activation);
  }
  const twice = (x: tf.Tensor) => tf.mul(x, 2);
  assert.throws(
    () => new layers.Dense(2, { activation: twice }).getConfig(),
    /Cannot serialize the function twice: only built-in functions and functions registered/,
  );
  keras.saving.registerSerializable(twice, { package: "tests" });
  const config = new layers.Dense(2, { activation: twice }).getConfig();
  assert.deepEqual(config.activation, { module: "builtins", className: "function", config: "tests>twice", registeredName: "function" });
  assert.equal(layers.Dense.fromConfig(config).activation, twice);
});

test("keys: camelCase in TypeScript, Keras's snake_case in files", () => {
  for (const [camel, snake] of [
    ["useBias", "use_bias"],
    ["beta1", "beta_1"],
    ["globalClipnorm", "global_clipnorm"],
    ["topK", "top_k"],
    ["kerasHistory", "keras_history"],
    ["name", "name"],
  ]) {
    assert.equal(toSnakeKey(camel!), snake);
    assert.equal(toCamelKey(snake!), camel);
  }
  assert.equal(toCamelKey("__keras_tensor__"), "__keras_tensor__");
  assert.deepEqual(toKerasJson({ innerOptimizer: { className: "SGD", config: { learningRate: 1 } }, shape: [null, 2] }), {
    inner_optimizer: { class_name: "SGD", config: { learning_rate: 1 } },
    shape: [null, 2],
  });
});

test("Keras-only options are accepted at their unused values and refused otherwise", () => {
  const keras3 = {
    module: "keras.optimizers",
    className: "Adam",
    config: {
      name: "adam",
      learningRate: 0.001,
      useEma: false,
      emaMomentum: 0.99,
      emaOverwriteFrequency: null,
      lossScaleFactor: null,
      gradientAccumulationSteps: null,
    },
    registeredName: null,
  };
  const adam = deserialize("optimizer", dropKerasOnlyOptions(keras3, "f")) as tf.keras.optimizers.Adam;
  assert.equal(adam.name, "adam");
  assert.throws(
    () => dropKerasOnlyOptions({ ...keras3, config: { ...keras3.config, useEma: true } }, "f.keras"),
    /f\.keras: Adam 'adam' sets `use_ema` to true, which kerats does not support \(only false\)/,
  );
});

test("errors: an unknown class names itself and the kind; a non-layer where a layer belongs is refused", () => {
  assert.throws(() => deserialize("layer", { className: "Conv2D", config: {} }), /Unknown layer: 'Conv2D'.*Known layers: .*Dense/);
  assert.throws(() => deserialize("initializer", "orthogonal"), /Unknown initializer: 'orthogonal'/);
  assert.throws(() => keras.models.modelFromConfig(keras.saving.serialize(new layers.Dense(2))), /'Dense' is a layer, not a model/);
  assert.throws(() => keras.saving.registerSerializable(5 as never), /registerSerializable expects a class or a function, but got: 5/);
});
