/**
 * Training frees what it makes: after every step of trainOnBatch, fit, evaluate, predict
 * and the guide's custom loop, the live tensors and bytes are back at their level after
 * the first step (no gc(), no dispose() in the library's loops). Counts, never timings.
 * Under a 16-bit policy each variable keeps one cast copy from its last read until its
 * value changes (so predict and evaluate cast the weights once): those are counted exactly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Callback } from "../../../src/keras/callbacks/callback.js";
import { settleGarbage } from "../../helpers.js";

const { keras, layers, mixedPrecision } = tf;

function mlp(policy: string): tf.keras.Model {
  return mixedPrecision.policyScope(policy, () => {
    const inputs = keras.Input({ shape: [12] });
    let h = new layers.Dense(16, { activation: "relu", kernelInitializer: new keras.initializers.GlorotUniform({ seed: 1 }) }).apply(inputs);
    h = new layers.Dropout(0.25, { seed: 3 }).apply(h);
    h = new layers.Dense(16, { activation: "gelu", kernelInitializer: new keras.initializers.GlorotUniform({ seed: 2 }) }).apply(h);
    const logits = new layers.Dense(4).apply(h);
    return new keras.Model({ inputs, outputs: new layers.Activation("softmax", { dtype: "float32" }).apply(logits) });
  });
}

const live = (): [number, number] => [tf.memory().numTensors, tf.memory().numBytes];
const plus = (a: [number, number], b: [number, number], sign = 1): [number, number] => [a[0] + sign * b[0], a[1] + sign * b[1]];

/** The variables' 16-bit cast copies: one per Dense variable, 2 bytes an element (none under float32). */
function castCopies(model: tf.keras.Model, policy: string): [number, number] {
  if (policy === "float32") return [0, 0];
  const weights = model.weights;
  assert.equal(weights.length, 6);
  return [weights.length, weights.reduce((s, w) => s + 2 * w.size, 0)];
}

function data(n: number): [tf.Tensor, tf.Tensor] {
  return [tf.randomUniform([n, 12], 0, 1, "float32", 4), tf.randomUniform([n], 0, 4, "int32", 5)];
}

for (const policy of ["float32", "mixed_bfloat16", "mixed_float16"]) {
  test(`trainOnBatch and testOnBatch under ${policy}: live tensors and bytes stay at their level after step 1`, () => {
    const model = mlp(policy);
    model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.Adam(), metrics: ["accuracy"] });
    const [x, y] = data(64);
    model.trainOnBatch(x, y);
    const after1 = live();
    for (let i = 0; i < 5; i++) {
      const logs = model.trainOnBatch(x, y);
      assert.ok(logs.every(Number.isFinite));
    }
    assert.deepEqual(live(), after1);
    // testOnBatch leaves the cast copies (a second one reuses them); the next update drops them.
    model.testOnBatch(x, y);
    const copies = castCopies(model, policy);
    assert.deepEqual(live(), plus(after1, copies));
    model.testOnBatch(x, y);
    assert.deepEqual(live(), plus(after1, copies));
    model.trainOnBatch(x, y);
    assert.deepEqual(live(), after1);
  });

  test(`fit (with validation), evaluate and predict under ${policy} free everything but what they return`, async () => {
    const model = mlp(policy);
    model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
    const [x, y] = data(100);
    await settleGarbage(); // earlier tests' garbage must not be counted out while fit runs
    const perStep: [number, number][] = [];
    const probe = new (class extends Callback {
      override onTrainBatchEnd(): void {
        perStep.push(live());
      }
    })();
    await model.fit(x, y, { batchSize: 16, epochs: 3, validationSplit: 0.2, verbose: 0, classWeight: { 0: 1, 1: 2, 2: 1, 3: 1 }, callbacks: [probe] });
    assert.equal(perStep.length, 15);
    // Step 1 of each epoch is where the pass's permutation is new; every step holds the same.
    for (const s of perStep) assert.deepEqual(s, perStep[0]);
    // fit ended with a validation pass: its cast copies are live.
    const copies = castCopies(model, policy);
    const base = plus(live(), copies, -1);
    await model.fit(x, y, { batchSize: 16, epochs: 2, verbose: 0 });
    assert.deepEqual(live(), base);
    await model.evaluate(x, y, { batchSize: 16, verbose: 0 });
    assert.deepEqual(live(), plus(base, copies));
    const probs = (await model.predict(x, { batchSize: 16 })) as tf.Tensor;
    assert.deepEqual(probs.shape, [100, 4]);
    assert.deepEqual(live(), plus(base, plus(copies, [1, 100 * 4 * 4])));
    // A kept prediction stays readable after more training.
    await model.fit(x, y, { batchSize: 32, epochs: 1, verbose: 0 });
    assert.equal(probs.isDisposed, false);
    const rowSums = probs.sum(1);
    for (const r of rowSums.dataSync()) assert.ok(Math.abs(r - 1) < 1e-5);
    tf.dispose([probs, rowSums]);
    assert.deepEqual(live(), base);
  });
}

test("the guide's custom loop: only what the user is handed per step is left; a tensor kept from inside record stays live", () => {
  const model = mlp("mixed_float16");
  const optimizer = new mixedPrecision.LossScaleOptimizer(new keras.optimizers.RMSprop());
  const lossObject = new keras.losses.SparseCategoricalCrossentropy();
  const [x, y] = data(48);
  const dataset = tf.data.Dataset.fromTensorSlices([x, y]).batch(16);
  const levels: [number, number][] = [];
  let stashed: tf.Tensor[] = [];
  for (let epoch = 0; epoch < 2; epoch++) {
    for (const [xb, yb] of dataset as Iterable<[tf.Tensor, tf.Tensor]>) {
      const tape = new tf.GradientTape();
      const { loss, scaledLoss, preds, hidden } = tape.record(() => {
        const preds = model.apply(xb, { training: true }) as tf.Tensor;
        const hidden = tf.square(preds); // a user tensor made inside record
        const loss = lossObject.apply(yb, preds);
        return { loss, scaledLoss: optimizer.getScaledLoss(loss), preds, hidden };
      });
      const scaledGrads = tape.gradient(scaledLoss, model.trainableWeights);
      const grads = optimizer.getUnscaledGradients(scaledGrads);
      optimizer.applyGradients(grads, model.trainableWeights);
      // The user's tensors are all live and readable after the step.
      assert.ok(Number.isFinite(loss.dataSync()[0]!));
      assert.equal(hidden.dataSync().length, preds.size);
      stashed = [preds, hidden];
      tf.dispose([loss, scaledLoss, scaledGrads, grads, xb, yb]);
      levels.push(live());
      tf.dispose(stashed);
    }
  }
  assert.equal(levels.length, 6);
  for (const l of levels) assert.deepEqual(l, levels[0]);
});

test("a custom layer's call is user code: tensors it keeps are never freed by the library", () => {
  class Keeper extends layers.Layer {
    kept: tf.Tensor[] = [];
    override call(inputs: tf.Tensor): tf.Tensor {
      this.kept.push(inputs); // the autocast copy the library made, handed over
      const doubled = tf.mul(inputs, 2);
      this.kept.push(doubled);
      return tf.add(doubled, 1);
    }
  }
  const keeper = new Keeper({ dtype: "mixed_bfloat16" });
  const inputs = keras.Input({ shape: [3] });
  const model = new keras.Model({ inputs, outputs: new layers.Dense(2).apply(keeper.apply(inputs)) });
  model.compile({ loss: "mse", optimizer: "sgd" });
  model.trainOnBatch(tf.ones([2, 3]), tf.zeros([2, 2]));
  model.apply(tf.ones([2, 3]));
  assert.equal(keeper.kept.length, 4);
  for (const t of keeper.kept) assert.equal(t.isDisposed, false);
  assert.deepEqual(Array.from(keeper.kept[1]!.dataSync()), [2, 2, 2, 2, 2, 2]);
  assert.equal(keeper.kept[0]!.dtype, "bfloat16");
});

test("what predict, fit and evaluate give user code or return is never freed by them", async () => {
  // A model that returns its input (Dropout at inference): predict hands out the tensor it made from the array.
  const inp = keras.Input({ shape: [2] });
  const identity = new keras.Model({ inputs: inp, outputs: new layers.Dropout(0.5).apply(inp) });
  const out = (await identity.predict([
    [1, 2],
    [3, 4],
  ])) as tf.Tensor;
  assert.deepEqual(Array.from(out.dataSync()), [1, 2, 3, 4]);
  // A user layer keeps validation batches and its outputs; a user metric keeps its labels.
  class Keeper extends layers.Layer {
    kept: tf.Tensor[] = [];
    override call(x: tf.Tensor): tf.Tensor {
      this.kept.push(x);
      const y = tf.mul(x, 1);
      this.kept.push(y);
      return y;
    }
  }
  class KeepLabels extends keras.metrics.Mean {
    labels: tf.Tensor[] = [];
    override updateState(yTrue: tf.Tensor): void {
      this.labels.push(yTrue);
      super.updateState(yTrue);
    }
  }
  const keeper = new Keeper();
  const i2 = keras.Input({ shape: [2] });
  const model = new keras.Model({ inputs: i2, outputs: new layers.Dense(1).apply(keeper.apply(i2)) });
  const metric = new KeepLabels();
  model.compile({ loss: "mse", optimizer: "sgd", metrics: [metric] });
  await model.fit(tf.ones([10, 2]), tf.zeros([10, 1]), { batchSize: 4, epochs: 2, validationSplit: 0.2, verbose: 0 });
  await model.evaluate(
    [
      [1, 2],
      [3, 4],
    ],
    [[1], [2]],
    { verbose: 0 },
  );
  await model.predict(tf.ones([4, 2]), { batchSize: 2 });
  assert.ok(keeper.kept.length > 10 && metric.labels.length > 4);
  for (const t of [...keeper.kept, ...metric.labels]) assert.equal(t.isDisposed, false);
  assert.deepEqual(Array.from(metric.labels[metric.labels.length - 1]!.dataSync()), [1, 2]);
});

test("saving, loading and EarlyStopping leave no weight copies behind", async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const model = mlp("float32");
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: "sgd" });
  const file = join(mkdtempSync(join(tmpdir(), "kerats-mem-")), "w.weights.npz");
  await settleGarbage(); // earlier tests' garbage must not be counted out while the file is written
  const before = live();
  await model.saveWeights(file);
  await model.loadWeights(file);
  assert.deepEqual(live(), before);
  const [x, y] = data(32);
  await settleGarbage();
  const start = live();
  const stop = new keras.callbacks.EarlyStopping({ monitor: "loss", patience: 100, restoreBestWeights: true });
  await model.fit(x, y, { batchSize: 16, epochs: 4, verbose: 0, callbacks: [stop] });
  // EarlyStopping keeps one copy of the best weights (as Keras does), not one per improvement.
  assert.deepEqual(live()[0] - start[0], model.weights.length);
});
