/**
 * The Keras mixed precision guide (the Intel Extension for TensorFlow version in
 * ../shared/seed/keras-mixed-precision-guide.md), section by section, in TypeScript.
 * Run it with `npm start` (options after `--`):
 *
 *   --policy mixed_float16|mixed_bfloat16|float32   (default: mixed_float16 on a GPU, mixed_bfloat16 on a CPU, as the guide's table)
 *   --units N        (default: 4096 on a GPU/XPU, 64 on a CPU, as the guide)
 *   --epochs N       (default 5)
 *   --batch-size N   (default 8192, as the guide)
 */
import * as tf from "../src/index.js";

const { keras, layers, mixedPrecision } = tf;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intOption(name: string): number | undefined {
  const v = option(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, but got: ${v}`);
  return n;
}

function section(title: string): void {
  console.log(`\n## ${title}\n`);
}

section("How to identify different hardware types?");
const gpu = tf.config.listPhysicalDevices("GPU").length > 0 || tf.config.listPhysicalDevices("XPU").length > 0;
console.log(`tf.config.listPhysicalDevices('XPU'): ${JSON.stringify(tf.config.listPhysicalDevices("XPU"))}`);
console.log(`tf.config.listPhysicalDevices('GPU'): ${JSON.stringify(tf.config.listPhysicalDevices("GPU"))}`);
console.log(`tf.test.isGpuAvailable(): ${tf.test.isGpuAvailable()}`);
const features = tf.config.cpuFeatures();
console.log(`CPU: avx512f=${features.avx512f} avx512bf16=${features.avx512bf16} amxBf16=${features.amxBf16}; backend: ${tf.getBackend()}`);

section("Setting the dtype policy");
const policyName = option("policy") ?? (gpu ? "mixed_float16" : "mixed_bfloat16");
console.log(
  option("policy")
    ? `Using the policy given with --policy: ${policyName}`
    : `No GPU was found, so this run uses ${policyName}: the guide's table runs mixed_bfloat16 on CPUs (mixed_float16 needs a GPU to be fast). Pass --policy mixed_float16 to follow the guide's text.`,
);
const policy = new mixedPrecision.Policy(policyName);
mixedPrecision.setGlobalPolicy(policy);
console.log(`Compute dtype: ${policy.computeDtype}`);
console.log(`Variable dtype: ${policy.variableDtype}`);

section("Building the model");
const inputs = keras.Input({ shape: [784], name: "digits" });
let numUnits = intOption("units");
if (numUnits === undefined) {
  if (gpu) {
    console.log("The model will run with 4096 units on a GPU");
    numUnits = 4096;
  } else {
    // Use fewer units on CPUs so the model finishes in a reasonable amount of time
    console.log("The model will run with 64 units on a CPU");
    numUnits = 64;
  }
} else {
  console.log(`The model will run with ${numUnits} units (--units)`);
}
const dense1 = new layers.Dense(numUnits, { activation: "relu", name: "dense_1" });
let x = dense1.apply(inputs);
const dense2 = new layers.Dense(numUnits, { activation: "relu", name: "dense_2" });
x = dense2.apply(x);
console.log(String(dense1.dtypePolicy));
console.log(`x.dtype: ${x.dtype}`);
// 'kernel' is dense1's variable
console.log(`dense1.kernel.dtype: ${dense1.kernel.dtype}`);

// INCORRECT: softmax and model output will be float16 (or bfloat16), when it should be float32
const incorrect = new layers.Dense(10, { activation: "softmax", name: "predictions" }).apply(x);
console.log(`Outputs dtype: ${incorrect.dtype}`);

// CORRECT: softmax and model output are float32
x = new layers.Dense(10, { name: "dense_logits" }).apply(x);
let outputs = new layers.Activation("softmax", { dtype: "float32", name: "predictions" }).apply(x);
console.log(`Outputs dtype: ${outputs.dtype}`);

// The linear activation is an identity function. So this simply casts 'outputs' to
// float32. In this particular case, 'outputs' is already float32 so this is a no-op.
outputs = new layers.Activation("linear", { dtype: "float32" }).apply(outputs);

const model = new keras.Model({ inputs, outputs });
model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] });
model.summary();

const [[xTrainRaw, yTrain], [xTestRaw, yTest]] = await keras.datasets.mnist.loadData();
const nTrain = xTrainRaw.shape[0]!;
const nTest = xTestRaw.shape[0]!;
const xTrain = xTrainRaw.reshape([nTrain, 784]).cast("float32").div(255);
const xTest = xTestRaw.reshape([nTest, 784]).cast("float32").div(255);
const batchSize = intOption("batch-size") ?? 8192;
const epochs = intOption("epochs") ?? 5;

const initialWeights = model.getWeights();

section("Training the model with Model.fit");
await model.fit(xTrain, yTrain, { batchSize, epochs, validationSplit: 0.2 });
const testScores = await model.evaluate(xTest, yTest, { verbose: 2 });
console.log("Test loss:", testScores[0]);
console.log("Test accuracy:", testScores[1]);

section("Loss scaling: Underflow and Overflow");
let t = tf.scalar(256, "float16");
console.log(tf.pow(t, 2).dataSync()[0], " # Overflow");
t = tf.scalar(1e-5, "float16");
console.log(tf.pow(t, 2).dataSync()[0], " # Underflow");

section("Training the model with a custom training loop");
const inner = new keras.optimizers.RMSprop();
// Loss scaling is needed for float16 only; bfloat16 has float32's range.
const optimizer = policy.computeDtype === "float16" ? new mixedPrecision.LossScaleOptimizer(inner) : null;
const lossObject = new keras.losses.SparseCategoricalCrossentropy();
const trainDataset = tf.data.Dataset.fromTensorSlices([xTrain, yTrain]).shuffle(10000).batch(batchSize);
const testDataset = tf.data.Dataset.fromTensorSlices([xTest, yTest]).batch(batchSize);

function trainStep(xb: tf.Tensor, yb: tf.Tensor): tf.Tensor {
  const tape = new tf.GradientTape();
  const { loss, scaledLoss } = tape.record(() => {
    const predictions = model.apply(xb, { training: true });
    const loss = lossObject.apply(yb, predictions);
    return { loss, scaledLoss: optimizer ? optimizer.getScaledLoss(loss) : loss };
  });
  const scaledGradients = tape.gradient(scaledLoss, model.trainableWeights);
  if (optimizer) {
    const gradients = optimizer.getUnscaledGradients(scaledGradients);
    optimizer.applyGradients(gradients, model.trainableWeights);
  } else {
    inner.applyGradients(scaledGradients, model.trainableWeights);
  }
  return loss;
}

const testStep = (xb: tf.Tensor): tf.Tensor => model.apply(xb, { training: false });

model.setWeights(initialWeights);

for (let epoch = 0; epoch < epochs; epoch++) {
  const epochLossAvg = new keras.metrics.Mean();
  const testAccuracy = new keras.metrics.SparseCategoricalAccuracy({ name: "test_accuracy" });
  for (const [xb, yb] of trainDataset) {
    const loss = trainStep(xb as tf.Tensor, yb as tf.Tensor);
    epochLossAvg.updateState(loss);
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const [xb, yb] of testDataset) {
    const predictions = testStep(xb as tf.Tensor);
    testAccuracy.updateState(yb as tf.Tensor, predictions);
  }
  console.log(`Epoch ${epoch}: loss=${epochLossAvg.result().dataSync()[0]}, test accuracy=${testAccuracy.result().dataSync()[0]}`);
}
if (optimizer) console.log(`Final loss scale: ${optimizer.lossScale}`);
