/**
 * The batches `fit` makes from arrays: in order without shuffling, a fresh permutation of
 * the training rows each epoch with it (from the global seed), the last batch partial,
 * rows, targets and sample weights kept together, and the epoch loss the per-sample mean.
 * A recording layer sees every training batch's row ids.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Dense, Layer, type CallArgs } from "../../../src/keras/layers/index.js";
import { Sequential } from "../../../src/keras/models/index.js";
import { SGD } from "../../../src/keras/optimizers/index.js";
import { Callback, type Logs } from "../../../src/keras/callbacks/callback.js";

/** Passes its inputs through, noting the row ids (the single feature) of training and inference calls. */
class Recorder extends Layer {
  readonly training: number[][] = [];
  readonly inference: number[][] = [];
  call(inputs: tf.Tensor, args: CallArgs): tf.Tensor {
    (args.training ? this.training : this.inference).push([...inputs.dataSync()]);
    return inputs;
  }
}

/** y = w·x with w fixed at `w` (learning rate 0), after a Recorder. */
function recordingModel(w: "zeros" | "ones"): { model: Sequential; recorder: Recorder } {
  const recorder = new Recorder({ inputShape: [1] });
  const model = new Sequential([recorder, new Dense(1, { useBias: false, kernelInitializer: w })]);
  model.compile({ loss: "mse", optimizer: new SGD({ learningRate: 0 }) });
  return { model, recorder };
}

const ids = (n: number): tf.Tensor =>
  tf.tensor(
    Array.from({ length: n }, (_, i) => [i]),
    [n, 1],
  );
const sorted = (a: number[]): number[] => [...a].sort((p, q) => p - q);

class BatchLosses extends Callback {
  readonly losses: number[] = [];
  steps: (number | null)[] = [];
  override onTrainBegin(): void {
    this.steps.push(this.params.steps);
  }
  override onTrainBatchEnd(_batch: number, logs?: Logs): void {
    this.losses.push(logs!.loss!);
  }
}

test("shuffle: false gives the rows in order, the last batch partial; the epoch loss is the per-sample mean", async () => {
  const { model, recorder } = recordingModel("zeros");
  const spy = new BatchLosses();
  // Prediction 0 and target i + 1: row i's loss is (i + 1)².
  const y = tf.tensor(
    Array.from({ length: 10 }, (_, i) => [i + 1]),
    [10, 1],
  );
  const h = await model.fit(ids(10), y, { batchSize: 4, epochs: 2, shuffle: false, verbose: 0, callbacks: [spy] });
  const epoch = [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9],
  ];
  assert.deepEqual(recorder.training, [...epoch, ...epoch]);
  assert.deepEqual(spy.steps, [3]);
  // Batch means 7.5, 43.5, 90.5 weighted by batch size: 385 / 10 (not their plain mean 47.17).
  assert.deepEqual(h.history.loss, [38.5, 38.5]);
  // The running mean after each batch: 30/4, 204/8, 385/10.
  assert.deepEqual(spy.losses, [7.5, 25.5, 38.5, 7.5, 25.5, 38.5]);
});

test("shuffle: a new permutation of the training rows each epoch, repeatable with the global seed; validation rows stay out, in order", async () => {
  const orders = async (seed: number): Promise<{ training: number[][]; inference: number[][] }> => {
    const { model, recorder } = recordingModel("zeros");
    tf.random.setSeed(seed);
    await model.fit(ids(10), ids(10), { batchSize: 3, epochs: 3, validationSplit: 0.2, verbose: 0 });
    return { training: recorder.training, inference: recorder.inference };
  };
  const a = await orders(7);
  assert.deepEqual(
    a.training.map((b) => b.length),
    [3, 3, 2, 3, 3, 2, 3, 3, 2],
  );
  const epochs = [0, 1, 2].map((e) => a.training.slice(3 * e, 3 * e + 3).flat());
  for (const e of epochs) assert.deepEqual(sorted(e), [0, 1, 2, 3, 4, 5, 6, 7], "each epoch is a permutation of the 8 training rows");
  assert.notDeepEqual(epochs[0], [0, 1, 2, 3, 4, 5, 6, 7], "the rows are reordered");
  assert.notDeepEqual(epochs[0], epochs[1], "a new order each epoch");
  assert.notDeepEqual(epochs[1], epochs[2], "a new order each epoch");
  assert.deepEqual(
    a.inference,
    [
      [8, 9],
      [8, 9],
      [8, 9],
    ],
    "rows 8 and 9 are validated after each epoch, unshuffled",
  );
  assert.deepEqual(await orders(7), a, "the same seed gives the same orders");
  assert.notDeepEqual((await orders(8)).training, a.training, "another seed gives other orders");
});

test("shuffled batches keep each row with its target and sample weight", async () => {
  // Prediction = x = target on every row but row 5, whose wrong target has weight 0: every
  // batch's loss is 0 exactly when x, y and the weights are gathered with one permutation.
  const { model, recorder } = recordingModel("ones");
  const spy = new BatchLosses();
  const y = tf.tensor(
    Array.from({ length: 12 }, (_, i) => [i === 5 ? 100 : i]),
    [12, 1],
  );
  const sampleWeight = tf.tensor(Array.from({ length: 12 }, (_, i) => (i === 5 ? 0 : 1 + i)));
  tf.random.setSeed(3);
  const h = await model.fit(ids(12), y, { batchSize: 5, epochs: 2, sampleWeight, verbose: 0, callbacks: [spy] });
  assert.notDeepEqual(recorder.training[0], [0, 1, 2, 3, 4], "the batches were shuffled");
  assert.deepEqual(spy.losses, [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(h.history.loss, [0, 0]);
});
