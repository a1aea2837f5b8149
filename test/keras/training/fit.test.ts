import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../../../src/index.js";
import { Activation, Dense, Input } from "../../../src/keras/layers/index.js";
import { Model, Sequential } from "../../../src/keras/models/index.js";
import { SGD, RMSprop } from "../../../src/keras/optimizers/index.js";
import { LossScaleOptimizer } from "../../../src/keras/mixed-precision/loss-scale-optimizer.js";
import { Callback, type Logs } from "../../../src/keras/callbacks/callback.js";
import { CSVLogger } from "../../../src/keras/callbacks/csv-logger.js";
import { EarlyStopping } from "../../../src/keras/callbacks/early-stopping.js";
import { LearningRateScheduler } from "../../../src/keras/callbacks/learning-rate-scheduler.js";
import { TerminateOnNaN } from "../../../src/keras/callbacks/terminate-on-nan.js";
import { assertClose } from "../../helpers.js";

const silent = { write() {}, isTTY: false };

/** A separable 3-class problem: labels from a fixed linear map. */
function data(n: number, seed: number): [tf.Tensor, tf.Tensor] {
  const x = tf.randomNormal([n, 8], 0, 1, "float32", seed);
  return [x, tf.argmax(tf.matmul(x, tf.randomNormal([8, 3], 0, 1, "float32", 99)), 1)];
}

function classifier(policy = "float32", seed = 1): Model {
  return tf.mixedPrecision.policyScope(policy, () => {
    const inputs = Input({ shape: [8] });
    const h = new Dense(32, { activation: "relu", kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed }) }).apply(inputs);
    const logits = new Dense(3, { kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed: seed + 1 }) }).apply(h);
    return new Model({ inputs, outputs: new Activation("softmax", { dtype: "float32" }).apply(logits) });
  });
}

for (const policy of ["float32", "mixed_bfloat16", "mixed_float16"]) {
  test(`fit learns under ${policy}; History has Keras's keys; evaluate and predict agree`, async () => {
    tf.random.setSeed(5);
    const model = classifier(policy);
    model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new RMSprop({ learningRate: 0.01 }), metrics: ["accuracy"] });
    assert.equal(model.optimizer instanceof LossScaleOptimizer, policy === "mixed_float16");
    const [x, y] = data(600, 1);
    const history = await model.fit(x, y, { batchSize: 64, epochs: 5, validationSplit: 0.2, progressOutput: silent });
    const keys = ["loss", "accuracy", "val_loss", "val_accuracy", ...(policy === "mixed_float16" ? ["loss_scale", "skipped_steps"] : [])];
    assert.deepEqual(Object.keys(history.history), keys);
    assert.deepEqual(history.epoch, [0, 1, 2, 3, 4]);
    assert.equal(history.loss, history.history.loss);
    const loss = history.history.loss!;
    assert.ok(loss[4]! < loss[0]!, `loss decreases: ${loss}`);
    assert.ok(history.history.val_accuracy![4]! > 0.8, `val accuracy ${history.history.val_accuracy}`);
    const [testLoss, testAcc] = await model.evaluate(x, y, { verbose: 0 });
    const probs = (await model.predict(x, { batchSize: 100 })) as tf.Tensor;
    assert.equal(probs.dtype, "float32");
    assert.deepEqual(probs.shape, [600, 3]);
    const acc = tf.mean(tf.cast(tf.equal(tf.argmax(probs, 1), y), "float32")).dataSync()[0]!;
    assertClose([testAcc!], [acc], 1e-6);
    assert.ok(testLoss! > 0);
  });
}

test("validationSplit holds out the last samples, before shuffling", async () => {
  const model = classifier();
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new SGD({ learningRate: 0 }), metrics: ["accuracy"] });
  const [x, y] = data(100, 2);
  const h = await model.fit(x, y, { batchSize: 10, epochs: 1, validationSplit: 0.3, progressOutput: silent });
  const [valLoss, valAcc] = await model.evaluate(tf.slice(x, [70], [30]), tf.slice(y, [70], [30]), { verbose: 0 });
  assertClose([h.history.val_loss![0]!, h.history.val_accuracy![0]!], [valLoss!, valAcc!], 1e-6);
  await assert.rejects(model.fit(x, y, { validationSplit: 1.5, progressOutput: silent }), /'validationSplit' must be a number in \[0, 1\)/);
});

test("progress output: Keras's epoch lines", async () => {
  const model = classifier();
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: "adam", metrics: ["accuracy"] });
  const [x, y] = data(60, 3);
  let text = "";
  await model.fit(x, y, { batchSize: 10, epochs: 2, validationData: [x, y], progressOutput: { write: (s: string) => (text += s), isTTY: false } });
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.equal(lines[0], "Epoch 1/2");
  assert.match(
    lines[1]!,
    /^6\/6 \[==============================\] - \d+s \d+(ms|us)\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/,
  );
  let quiet = "";
  await model.fit(x, y, { batchSize: 10, verbose: 0, progressOutput: { write: (s: string) => (quiet += s) } });
  assert.equal(quiet, "");
  let two = "";
  await model.fit(x, y, { batchSize: 10, epochs: 1, verbose: 2, progressOutput: { write: (s: string) => (two += s) } });
  assert.match(two, /^Epoch 1\/1\n6\/6 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - \d+(ms|us|s)\/epoch - \d+(ms|us|s)\/step\n$/);
});

test("callbacks: hooks order, EarlyStopping, LearningRateScheduler, TerminateOnNaN, CSVLogger", async () => {
  const calls: string[] = [];
  class Spy extends Callback {
    override onTrainBegin() {
      calls.push("trainBegin");
    }
    override onEpochBegin(e: number) {
      calls.push(`epochBegin${e}`);
    }
    override onTrainBatchEnd(b: number) {
      calls.push(`batchEnd${b}`);
    }
    override onEpochEnd(e: number, logs?: Logs) {
      calls.push(`epochEnd${e}:${Object.keys(logs ?? {}).join(",")}`);
    }
    override onTrainEnd() {
      calls.push("trainEnd");
    }
  }
  const model = classifier();
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new SGD({ learningRate: 0.1 }), metrics: ["accuracy"] });
  const [x, y] = data(40, 4);
  await model.fit(x, y, { batchSize: 20, epochs: 2, callbacks: [new Spy()], verbose: 0 });
  assert.deepEqual(calls, [
    "trainBegin",
    "epochBegin0",
    "batchEnd0",
    "batchEnd1",
    "epochEnd0:loss,accuracy",
    "epochBegin1",
    "batchEnd0",
    "batchEnd1",
    "epochEnd1:loss,accuracy",
    "trainEnd",
  ]);

  const lrs: number[] = [];
  const sched = new LearningRateScheduler((epoch, lr) => (epoch === 0 ? 0.05 : lr / 2));
  await model.fit(x, y, {
    epochs: 3,
    verbose: 0,
    callbacks: [
      sched,
      new (class extends Callback {
        override onEpochEnd(_e: number, logs?: Logs) {
          lrs.push(logs!.lr!);
        }
      })(),
    ],
  });
  assertClose(lrs, [0.05, 0.025, 0.0125], 1e-6);

  // EarlyStopping on a loss that cannot improve (learning rate 0) stops after `patience` epochs.
  model.optimizer!.learningRate = 0;
  // (minDelta: the epoch mean still moves in the last bits as shuffling reorders the sum)
  const stop = new EarlyStopping({ monitor: "loss", patience: 2, minDelta: 1e-4 });
  const h = await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [stop] });
  assert.equal(h.epoch.length, 3);

  const nan = classifier();
  nan.compile({ loss: "sparse_categorical_crossentropy", optimizer: new SGD({ learningRate: 0.1 }) });
  const nanHistory = await nan.fit(tf.mul(x, NaN), y, { batchSize: 10, epochs: 5, verbose: 0, callbacks: [new TerminateOnNaN()] });
  assert.deepEqual(nanHistory.epoch, [0]);
  assert.ok(Number.isNaN(nanHistory.history.loss![0]!));

  const dir = mkdtempSync(join(tmpdir(), "kerats-csv-"));
  const file = join(dir, "log.csv");
  await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new CSVLogger(file)] });
  const rows = readFileSync(file, "utf8").trim().split("\n");
  assert.equal(rows[0], "epoch,accuracy,loss");
  assert.equal(rows.length, 3);
  assert.match(rows[1]!, /^0,[\d.]+,[\d.]+$/);
  await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new CSVLogger(file, ",", true)] });
  const appended = readFileSync(file, "utf8").trim().split("\n");
  assert.equal(appended.length, 4, "appending adds a row, not a second header");
  assert.match(appended[3]!, /^0,[\d.]+,[\d.]+$/);
});

test("a non-finite step under mixed_float16 is skipped without touching the weights", async () => {
  const model = classifier("mixed_float16");
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new SGD({ learningRate: 0.1 }) });
  const lso = model.optimizer as LossScaleOptimizer;
  const before = model.getWeights().map((w) => w.dataSync());
  const scale = lso.lossScale;
  const [x, y] = data(8, 5);
  model.trainOnBatch(tf.mul(x, Infinity), y);
  model.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), before[i]));
  assert.equal(lso.lossScale, scale / 2);
  assert.equal(lso.lastStepSkipped, true);
  assert.equal(lso.iterations, 1); // Keras counts a skipped step as an iteration
  const h = await model.fit(tf.concat([x, tf.mul(x, Infinity)]), tf.concat([y, y]), { batchSize: 8, shuffle: false, verbose: 0 });
  assert.deepEqual([h.history.skipped_steps, h.history.loss_scale], [[1], [scale / 4]]);
});

test("trainOnBatch, testOnBatch, classWeight, Dataset-like inputs and errors", async () => {
  const model = new Sequential([new Dense(1, { inputShape: [2], kernelInitializer: "zeros" })]);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0.1 }) });
  const x = tf.tensor([
    [1, 0],
    [0, 1],
  ]);
  const y = tf.tensor([[1], [2]]);
  const [before] = model.testOnBatch(x, y);
  assertClose([before!], [2.5], 1e-6); // mean of 1² and 2²
  model.trainOnBatch(x, y);
  assert.ok(model.testOnBatch(x, y)[0]! < 2.5);
  const batches = {
    *[Symbol.iterator]() {
      yield [x, y];
      yield [x, y];
    },
    cardinality: () => 2,
  };
  const h = await model.fit(batches, undefined, { epochs: 2, verbose: 0 });
  assert.equal(h.history.loss!.length, 2);
  await assert.rejects(model.fit(batches, y, { verbose: 0 }), /`y` argument is not supported when using dataset as input\./);
  const weighted = classifier();
  weighted.compile({ loss: "sparse_categorical_crossentropy", optimizer: new SGD({ learningRate: 0 }) });
  const [cx, cy] = data(30, 6);
  const plain = (await weighted.fit(cx, cy, { batchSize: 30, verbose: 0, shuffle: false })).history.loss![0]!;
  const doubled = (await weighted.fit(cx, cy, { batchSize: 30, verbose: 0, shuffle: false, classWeight: { 0: 2, 1: 2, 2: 2 } })).history.loss![0]!;
  assertClose([doubled], [2 * plain], 1e-5);
  assert.throws(() => new Sequential([new Dense(1)]).evaluate(x, y), /You must call `compile\(\)` before using the model\./);
  await assert.rejects(model.fit(x, y, { batchSize: 0, verbose: 0 }), /'batchSize' must be a positive integer, but got: 0/);
});

test("classWeight weights each sample by its class and refuses a table that misses a class", async () => {
  const model = new Sequential([new Dense(1, { inputShape: [1], kernelInitializer: "zeros", useBias: false })]);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0 }) });
  const x = tf.tensor([[1], [1], [1]]);
  const y = tf.tensor([[0], [1], [2]]);
  // mse per sample is y² (0, 1, 4); tf.keras's sum-over-batch: (1·0 + 3·1 + 0.5·4) / 3.
  const h = await model.fit(x, y, { batchSize: 3, verbose: 0, classWeight: { 0: 2, 1: 3, 2: 0.5 } });
  assertClose([h.history.loss![0]!], [5 / 3], 1e-6);
  const kernel = model.layers[0]!.weights[0]!.dataSync()[0];
  const fitWith = (classWeight: unknown) => model.fit(x, y, { batchSize: 3, verbose: 0, classWeight: classWeight as Record<number, number> });
  await assert.rejects(
    fitWith({ 0: 1, 1: 1 }),
    /`classWeight` passed to 'fit' has no weight for class 2, which `y` holds at sample 2; it has weights for classes 0 to 1/,
  );
  await assert.rejects(
    fitWith({ 0: 1, 2: 1 }),
    /Expected `classWeight` passed to 'fit' to be a dict with keys from 0 to one less than the number of classes, found \{0: 1, 2: 1\}/,
  );
  await assert.rejects(fitWith({ 0: 1, 1: "x", 2: 1 }), /'classWeight' passed to 'fit' must map each class to a finite number, but class 1 has: 'x'/);
  await assert.rejects(fitWith({ 0: 1, 1: NaN, 2: 1 }), /class 1 has: NaN/);
  await assert.rejects(fitWith([1, 1, 1]), /'classWeight' passed to 'fit' must be an object mapping class indices to weights, but got: \[1, 1, 1\]/);
  await assert.rejects(fitWith({}), /keys from 0 to one less than the number of classes, found \{\}/);
  assert.equal(model.optimizer!.iterations, 1);
  assert.equal(model.layers[0]!.weights[0]!.dataSync()[0], kernel);
});

test("a second concurrent fit is refused; evaluate and testOnBatch during fit keep their own trackers", async () => {
  const model = new Sequential([new Dense(1, { inputShape: [1], kernelInitializer: "ones", useBias: false })]);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0 }), metrics: ["mae"] });
  // fit's samples have losses 1, 4, 9, 16 (mean 7.5, mae 2.5); evaluate's all 100 (mae 10).
  const x = tf.tensor([[1], [2], [3], [4]]);
  const y = tf.zeros([4, 1]);
  const ex = tf.tensor([[10], [10], [10]]);
  const ey = tf.zeros([3, 1]);
  let pending: Promise<number[]> | null = null;
  let onBatch: number[] | null = null;
  const starter = new (class extends tf.keras.callbacks.Callback {
    override async onTrainBatchEnd(batch: number): Promise<void> {
      if (batch === 0) pending = model.evaluate(ex, ey, { batchSize: 1, verbose: 0 });
      if (batch === 1) onBatch = model.testOnBatch(ex, ey);
    }
  })();
  const first = model.fit(x, y, { batchSize: 1, verbose: 0, shuffle: false, callbacks: [starter] });
  await assert.rejects(
    model.fit(x, y, { verbose: 0 }),
    (e: Error) => e.name === "RuntimeError" && e.message === "Cannot start training because another fit() call is ongoing.",
  );
  const h = await first;
  assert.deepEqual(h.history.loss, [7.5]);
  assert.deepEqual(h.history.mae, [2.5]);
  assert.deepEqual(await pending, [100, 10]);
  assert.deepEqual(onBatch, [100, 10]);
  // Once it settles, fit runs again.
  assert.deepEqual((await model.fit(x, y, { batchSize: 2, verbose: 0, shuffle: false })).history.loss, [7.5]);
});

test("empty data is Keras's Empty-logs error, and a Dataset that runs out stops training with Keras's warning", async () => {
  const { capture } = await import("../../datasets/capture.js");
  const model = new Sequential([new Dense(1, { inputShape: [4], kernelInitializer: "ones" })]);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0.1 }) });
  const kernel = Array.from(model.weights[0]!.dataSync());
  const empty =
    /^ValueError: Unexpected result of `train_function` \(Empty logs\)\. This could be due to issues in input pipeline that resulted in an empty dataset\.$/;
  await assert.rejects(model.fit(tf.zeros([0, 4]), tf.zeros([0, 1]), { verbose: 0 }), empty);
  await assert.rejects(model.fit(tf.data.Dataset.fromTensorSlices([tf.zeros([0, 4]), tf.zeros([0, 1])]).batch(2), undefined, { verbose: 0 }), empty);
  await assert.rejects(model.evaluate(tf.zeros([0, 4]), tf.zeros([0, 1]), { verbose: 0 }), /^ValueError: Unexpected result of `test_function` \(Empty logs\)/);
  await assert.rejects(
    model.fit(tf.ones([2, 4]), tf.ones([2, 1]), { verbose: 0, validationData: [tf.zeros([0, 4]), tf.zeros([0, 1])] }),
    /Unexpected result of `test_function` \(Empty logs\)/,
  );
  await assert.rejects(model.predict(tf.zeros([0, 4])), /Unexpected result of `predict_function` \(Empty batch_outputs\)/);
  assert.deepEqual(Array.from(model.weights[0]!.dataSync()), kernel);
  assert.equal(model.optimizer!.iterations, 0);

  // A one-shot iterable gives its two batches in the first epoch and nothing after.
  const batch = [tf.ones([2, 4]), tf.ones([2, 1])] as const;
  const once = (function* () {
    yield batch;
    yield batch;
  })();
  const { result: h, text } = await capture("stderr", () => model.fit(once, undefined, { epochs: 3, verbose: 0 }));
  assert.equal(h.history.loss!.length, 1);
  assert.equal(model.optimizer!.iterations, 2);
  assert.match(
    text,
    /^WARNING:kerats:Your input ran out of data; interrupting training\. Make sure that your dataset or generator can generate at least `steps_per_epoch \* epochs` batches\./m,
  );
});

test("unknown options are refused everywhere, naming the function and the right spelling", async () => {
  const model = new Sequential([new Dense(1, { inputShape: [2] })]);
  const x = tf.ones([4, 2]);
  const y = tf.ones([4, 1]);
  assert.throws(
    () => model.compile({ loss: "mse", loss_weights: [1] } as never),
    /^TypeError: Keyword argument not understood: 'loss_weights' is not an option of compile; did you mean 'lossWeights'\?/,
  );
  assert.equal(model.optimizer, null);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0.1 }) });
  const kernel = Array.from(model.weights[0]!.dataSync());
  await assert.rejects(
    model.fit(x, y, { batch_size: 4 } as never),
    /Keyword argument not understood: 'batch_size' is not an option of fit; did you mean 'batchSize'\? Valid options are: batchSize, epochs,/,
  );
  await assert.rejects(model.fit(x, y, { epoch: 2, verbose: 0 } as never), /'epoch' is not an option of fit; did you mean 'epochs'\?/);
  await assert.rejects(model.evaluate(x, y, { batch_size: 4 } as never), /'batch_size' is not an option of evaluate; did you mean 'batchSize'\?/);
  await assert.rejects(model.predict(x, { steps: 1 } as never), /'steps' is not an option of predict\. Valid options are: batchSize, verbose$/);
  await assert.rejects(model.predict(x, { verbose: 3 } as never), /Argument 'verbose' must be 0, 1, 2 or "auto", but got: 3/);
  assert.throws(
    () => new tf.keras.callbacks.EarlyStopping({ restore_best_weights: true } as never),
    /'restore_best_weights' is not an option of EarlyStopping; did you mean 'restoreBestWeights'\?/,
  );
  assert.throws(
    () => new tf.keras.callbacks.ModelCheckpoint("m.npz", { save_best_only: true } as never),
    /'save_best_only' is not an option of ModelCheckpoint; did you mean 'saveBestOnly'\?/,
  );
  assert.deepEqual(Array.from(model.weights[0]!.dataSync()), kernel);
});

test("data errors name the function that was called", async () => {
  const model = new Sequential([new Dense(1, { inputShape: [2] })]);
  model.compile({ loss: "mse" });
  await assert.rejects(model.predict({ a: 1 } as never), /^TypeError: Argument 'x' passed to 'predict' must be a Tensor or TensorLike, but got: /);
  await assert.rejects(model.evaluate({ a: 1 } as never, [1]), /Argument 'x' passed to 'evaluate' must be a Tensor or TensorLike/);
  await assert.rejects(
    model.evaluate(tf.ones([1, 2]), [["x"]] as never),
    /Argument 'y' passed to 'evaluate' must hold numbers or booleans, but y\[0\]\[0\] is 'x'/,
  );
  assert.throws(
    () => model.trainOnBatch(tf.ones([1, 2]), "y" as never),
    /Argument 'y' passed to 'trainOnBatch' must be a Tensor, number, boolean, array or typed array, but got: 'y'/,
  );
  await assert.rejects(
    model.fit(tf.ones([1, 2]), tf.ones([1, 1]), { verbose: 0, validationData: [{} as never, [1]] }),
    /Argument 'x' passed to 'validationData of fit' must be a Tensor or TensorLike/,
  );
});
