/**
 * One training-benchmark configuration in its own process (so peak RSS is its own):
 * the guide's MNIST MLP (784 -> units -> units -> 10, softmax in float32), RMSprop,
 * sparse categorical crossentropy, random data; prints one JSON line of results.
 * With `forward`, it times the model's forward pass (`model.apply`, as serving calls it)
 * at batch 1, 32 and 256 instead (kerats only).
 * Usage: tsx bench/train-worker.ts <units> <batch> <steps> <float32|mixed_bfloat16|mixed_float16|tfjs-wasm> [forward]
 */
const [units, batch, steps] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const policy = process.argv[5]!;
const forward = process.argv[6] === "forward";
const FORWARD_BATCHES = [1, 32, 256];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function guideModel() {
  const tf = await import("../src/index.js");
  tf.mixedPrecision.setGlobalPolicy(policy);
  const { keras, layers } = tf;
  const inputs = keras.Input({ shape: [784] });
  let x = new layers.Dense(units, { activation: "relu" }).apply(inputs);
  x = new layers.Dense(units, { activation: "relu" }).apply(x);
  const outputs = new layers.Activation("softmax", { dtype: "float32" }).apply(new layers.Dense(10).apply(x));
  return { tf, model: new keras.Model({ inputs, outputs }) };
}

/** Median forward time per batch size of FORWARD_BATCHES, `steps` timed calls each. */
async function keratsForward(): Promise<Record<number, number>> {
  const { tf, model } = await guideModel();
  const result: Record<number, number> = {};
  for (const b of FORWARD_BATCHES) {
    const xs = tf.randomUniform([b, 784], 0, 1, "float32", 1);
    const times: number[] = [];
    for (let i = 0; i < steps + 3; i++) {
      const t0 = performance.now();
      tf.tidy(() => model.apply(xs));
      if (i >= 3) times.push(performance.now() - t0); // three warm-up calls
    }
    xs.dispose();
    result[b] = median(times);
  }
  return result;
}

async function kerats(): Promise<number[]> {
  const { tf, model } = await guideModel();
  const { keras } = tf;
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
  const xs = tf.randomUniform([batch, 784], 0, 1, "float32", 1);
  const ys = tf.randomUniform([batch], 0, 10, "int32", 2);
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const t0 = performance.now();
    model.trainOnBatch(xs, ys);
    if (i > 0) times.push(performance.now() - t0); // step 0 warms up (packing buffers, first allocations)
    await new Promise((r) => setImmediate(r));
  }
  return times;
}

async function tfjs(): Promise<number[]> {
  const tf = await import("@tensorflow/tfjs");
  await import("@tensorflow/tfjs-backend-wasm");
  await tf.setBackend("wasm");
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units, activation: "relu" }),
      tf.layers.dense({ units, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ loss: "sparseCategoricalCrossentropy", optimizer: tf.train.rmsprop(0.001), metrics: ["accuracy"] });
  const xs = tf.randomUniform([batch, 784], 0, 1, "float32", 1);
  const ys = tf.randomUniform([batch], 0, 10, "int32", 2).cast("float32");
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const t0 = performance.now();
    await model.trainOnBatch(xs, ys);
    if (i > 0) times.push(performance.now() - t0);
  }
  return times;
}

if (forward) {
  console.log(JSON.stringify({ forwardMs: await keratsForward() }));
} else {
  const times = policy === "tfjs-wasm" ? await tfjs() : await kerats();
  console.log(JSON.stringify({ stepMs: median(times), steps: times.length, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}
