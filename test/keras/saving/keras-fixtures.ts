/** The Keras 3.15.1 fixtures (test/fixtures/keras, see its README) and the models they were made from, rebuilt here. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "../../../src/index.js";
import { npyToTensor } from "../../../src/io/npy.js";
import { readNpz } from "../../../src/io/npz.js";
import { unitRoundoff } from "../../helpers.js";

const { keras, layers, mixedPrecision } = tf;
export const FIXTURES = new URL("../../fixtures/keras/", import.meta.url).pathname;
export const index = JSON.parse(await readFile(join(FIXTURES, "index.json"), "utf8")) as { models: Record<string, { iterations: number }> };

export function guideModel(policy: string): tf.keras.Model {
  return mixedPrecision.policyScope(policy, () => {
    const inputs = keras.Input({ shape: [784], name: "digits" });
    let x = new layers.Dense(16, { activation: "relu", name: "dense_1" }).apply(inputs);
    x = new layers.Dense(16, { activation: "relu", name: "dense_2" }).apply(x);
    x = new layers.Dense(10, { name: "dense_logits" }).apply(x);
    const outputs = new layers.Activation("softmax", { dtype: "float32", name: "predictions" }).apply(x);
    return new keras.Model({ inputs, outputs });
  });
}

export function sequentialModel(): tf.keras.Sequential {
  return new keras.Sequential([
    keras.Input({ shape: [20] }),
    new layers.Dense(32, { activation: "tanh" }),
    new layers.Dropout(0.3),
    new layers.Dense(8, { activation: "sigmoid", useBias: false }),
    new layers.Dense(3),
    new layers.Activation("softmax", { dtype: "float32" }),
  ]);
}

export async function io(name: string): Promise<{ x: tf.Tensor; y: Float32Array }> {
  const file = join(FIXTURES, `${name}.io.npz`);
  const a = readNpz(await readFile(file), file, ["x", "y"]);
  return { x: npyToTensor(a.x!, "x"), y: npyToTensor(a.y!, "y").dataSync() as Float32Array };
}

export const GUIDE_CASES = [
  { name: "guide_float32", policy: "float32", optimizer: () => new keras.optimizers.RMSprop(), tol: 1e-5 },
  { name: "guide_mixed_bfloat16", policy: "mixed_bfloat16", optimizer: () => new keras.optimizers.RMSprop(), tol: unitRoundoff.bfloat16 },
  { name: "guide_mixed_float16", policy: "mixed_float16", optimizer: () => new keras.optimizers.RMSprop(), tol: unitRoundoff.float16 },
  { name: "guide_bfloat16", policy: "bfloat16", optimizer: null, tol: unitRoundoff.bfloat16 },
  { name: "guide_float16", policy: "float16", optimizer: null, tol: unitRoundoff.float16 },
] as const;
