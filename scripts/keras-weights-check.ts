/**
 * Checks that real Keras 3 reads the `.weights.h5` and `.keras` files kerats writes: for
 * each policy, trains the guide's model (784-16-16-10) here for 3 steps, saves its
 * weights, the whole model and its predictions on a fixed batch (and the same for a
 * Sequential model with Dropout and an Adam with a schedule), then runs
 * `keras_load_check.py` under a Python that has
 * Keras (KERAS_PYTHON, default /tmp/peers/tf/bin/python from ../shared/peers/setup.sh).
 * Not part of the tests: CI has no Keras. Usage: npx tsx scripts/keras-weights-check.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../src/index.js";
import { encodeNpz } from "../src/io/npy-writer.js";
// The models the tests rebuild from Keras's fixtures: the guide's and a Sequential with Dropout.
import { guideModel, sequentialModel } from "../test/keras/saving/keras-fixtures.js";

const python = process.env.KERAS_PYTHON ?? "/tmp/peers/tf/bin/python";
if (!existsSync(python)) {
  console.error(`No Python with Keras at ${python}: set KERAS_PYTHON (or run ../shared/peers/setup.sh)`);
  process.exit(2);
}
const { keras } = tf;
const dir = await mkdtemp(join(tmpdir(), "kerats-keras-check-"));
for (const policy of ["float32", "mixed_float16", "mixed_bfloat16", "bfloat16", "float16"]) {
  const model = guideModel(policy);
  const x = tf.randomUniform([8, 784], 0, 1, "float32", 21);
  const xs = tf.randomUniform([64, 784], 0, 1, "float32", 22);
  const ys = tf.randomUniform([64], 0, 10, "int32", 23);
  const trained = !policy.startsWith("float16") && !policy.startsWith("bfloat16");
  if (trained) {
    model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop() });
    for (let i = 0; i < 3; i++) model.trainOnBatch(xs, ys);
  }
  await model.saveWeights(join(dir, `${policy}.weights.h5`));
  await model.save(join(dir, `${policy}.keras`));
  const y = (await model.predict(x)) as tf.Tensor;
  const iterations = tf.scalar(model.optimizer?.iterations ?? 0, "int32");
  // Two more steps here: Keras, continuing from the saved state, must see the same losses
  // (the second depends on the optimizer's saved slots through the first update).
  const nextLosses = trained ? tf.tensor([model.trainOnBatch(xs, ys)[0]!, model.trainOnBatch(xs, ys)[0]!]) : tf.tensor([]);
  await writeFile(join(dir, `${policy}.io.npz`), encodeNpz({ x, y, iterations, xs, ys, next_losses: nextLosses }));
}
{
  const model = sequentialModel();
  const lr = new keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 2, decayRate: 0.5 });
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.Adam({ learningRate: lr }), metrics: ["accuracy"] });
  const xs = tf.randomNormal([64, 20], 0, 1, "float32", 24);
  const ys = tf.randomUniform([64], 0, 3, "int32", 25);
  for (let i = 0; i < 3; i++) model.trainOnBatch(xs, ys);
  await model.save(join(dir, "sequential.keras"));
  const x = tf.randomNormal([8, 20], 0, 1, "float32", 26);
  const y = (await model.predict(x)) as tf.Tensor;
  await writeFile(join(dir, "sequential.io.npz"), encodeNpz({ x, y, iterations: tf.scalar(3, "int32") }));
}
const r = spawnSync(python, [join(import.meta.dirname, "keras_load_check.py"), dir], { stdio: "inherit" });
process.exit(r.status ?? 1);
