/**
 * One memory-benchmark configuration in its own process (so peak RSS is its own): the
 * guide's MLP (784 -> units -> units -> 10, float32 softmax), RMSprop, sparse categorical
 * cross-entropy on random data, trained by `trainOnBatch` in a plain loop, by `fit`, or by
 * the guide's custom loop (GradientTape + LossScaleOptimizer over a tf.data pipeline).
 * No gc(), no dispose() and no timer ticks in the user loops. Prints one JSON line.
 * Usage: tsx bench/memory-worker.ts <units> <batch> <steps> <policy> <trainOnBatch|fit|custom>
 */
import * as tf from "../src/index.js";

const importRssMB = process.memoryUsage().rss / 2 ** 20;

const [units, batch, steps] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const policy = process.argv[5]!;
const mode = process.argv[6]!;
const { keras, layers, mixedPrecision } = tf;

mixedPrecision.setGlobalPolicy(policy);
const inputs = keras.Input({ shape: [784] });
let h = new layers.Dense(units, { activation: "relu" }).apply(inputs);
h = new layers.Dense(units, { activation: "relu" }).apply(h);
const outputs = new layers.Activation("softmax", { dtype: "float32" }).apply(new layers.Dense(10).apply(h));
const model = new keras.Model({ inputs, outputs });

const live: Record<string, number> = {};
const times: number[] = [];
const checkpoints = new Set([1, 2, 10, 50, steps]);
let step = 0;
let t0 = performance.now();
/** Called after every step: live bytes at the checkpoints, step times after the first. */
function stepDone(): void {
  step++;
  const t = performance.now();
  if (step > 1) times.push(t - t0);
  t0 = t;
  if (checkpoints.has(step)) live[step] = tf.memory().numBytes;
}

// trainOnBatch gets one batch, as the peers' scripts; fit and the custom loop epochs of up
// to 6 steps, as the guide's 48,000 training digits at batch 8192.
// (One random batch repeated: drawing all rows at once would leave hundreds of MB of
// sampler garbage in the RSS peak that has nothing to do with training.)
const batchesPerEpoch = mode === "trainOnBatch" ? 1 : Math.min(steps, 6);
const [x, y] = tf.tidy(() => {
  const xb = tf.randomUniform([batch, 784], 0, 1, "float32", 1);
  const yb = tf.randomUniform([batch], 0, 10, "int32", 2);
  return batchesPerEpoch === 1 ? [xb, yb] : [tf.concat(Array(batchesPerEpoch).fill(xb)), tf.concat(Array(batchesPerEpoch).fill(yb))];
});
const rows = batchesPerEpoch * batch;
const base = tf.memory().numBytes;

if (mode === "trainOnBatch") {
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
  t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    model.trainOnBatch(x, y);
    stepDone();
  }
} else if (mode === "fit") {
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
  const epochs = Math.ceil(steps / (rows / batch));
  const stepper = new (class extends keras.callbacks.Callback {
    override onTrainBatchEnd(): void {
      if (step < steps) stepDone();
      else this.model!.stopTraining = true;
    }
  })();
  t0 = performance.now();
  await model.fit(x, y, { batchSize: batch, epochs, verbose: 0, callbacks: [stepper] });
} else if (mode === "custom") {
  // The guide's custom training loop, user code as in README.
  const optimizer = new mixedPrecision.LossScaleOptimizer(new keras.optimizers.RMSprop());
  const lossObject = new keras.losses.SparseCategoricalCrossentropy();
  const dataset = tf.data.Dataset.fromTensorSlices([x, y]).shuffle(10000).batch(batch);
  t0 = performance.now();
  while (step < steps) {
    for (const [xb, yb] of dataset) {
      const tape = new tf.GradientTape();
      const scaledLoss = tape.record(() => optimizer.getScaledLoss(lossObject.apply(yb, model.apply(xb, { training: true }))));
      const grads = optimizer.getUnscaledGradients(tape.gradient(scaledLoss, model.trainableWeights));
      optimizer.applyGradients(grads, model.trainableWeights);
      stepDone();
      if (step >= steps) break;
    }
  }
} else {
  throw new Error(`unknown mode '${mode}': expected trainOnBatch, fit or custom`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const liveMB = Object.fromEntries(Object.entries(live).map(([k, v]) => [k, (v - base) / 2 ** 20]));
const peakLiveMB = (tf.memory().peakBytes - base) / 2 ** 20;
console.log(JSON.stringify({ stepMs: median(times), steps, liveMB, peakLiveMB, importRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
