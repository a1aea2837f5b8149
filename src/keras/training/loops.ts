/**
 * `fit`, `evaluate`, `predict`, `trainOnBatch` and `testOnBatch` (tf.keras 2.x
 * semantics). Each step runs in its own library scope, so everything it makes is freed
 * when it ends; what a loop keeps across steps (validation splits, class weights, a
 * pass's permutation) it holds explicitly and frees when it returns. Loops yield to the
 * event loop between batches so progress prints; no scope is open across an await.
 */
import { describeValue, RuntimeError, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { callAll, type Callback, type Logs } from "../callbacks/callback.js";
import { History } from "../callbacks/history.js";
import { ProgbarLogger } from "../callbacks/progbar-logger.js";
import type { ProgressOutput } from "../callbacks/progbar.js";
import type { Model } from "../models/model.js";
import type { Compiled } from "./compile.js";
import {
  arrayBatches,
  datasetBatches,
  isBatchSource,
  positiveInt,
  sampleCount,
  takeRows,
  toList,
  type Batch,
  type BatchSource,
  type BatchStream,
} from "./data-batches.js";
import { disposeKept, keepOwned, libraryScope, releaseToUser, type Ownable } from "../../tensor/ownership.js";
import { classSampleWeights, type ClassWeight } from "./class-weight.js";
import { log } from "../../logging.js";
import { checkOptions, optionKeys } from "../../options.js";
import { TrackerRun } from "./tracker-runs.js";
import { currentLogs, forward, resetMetrics, testStep, trainStep } from "./steps.js";

/** Inputs: a tensor, one tensor per model input, or a Dataset of batches. */
export type DataArg = TensorLike | readonly TensorLike[] | BatchSource;

export interface FitOptions {
  batchSize?: number;
  epochs?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch; "auto" is 1. */
  verbose?: 0 | 1 | 2 | "auto";
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** `[x, y]`, `[x, y, sampleWeight]` or a Dataset, evaluated at the end of each epoch. */
  validationData?: readonly [TensorLike | readonly TensorLike[], TensorLike | readonly TensorLike[], TensorLike?] | BatchSource;
  shuffle?: boolean;
  callbacks?: readonly Callback[];
  initialEpoch?: number;
  /** Loss weight per class index (single-output models). */
  classWeight?: ClassWeight;
  sampleWeight?: TensorLike;
  /** Where progress goes (default process.stdout). */
  progressOutput?: ProgressOutput;
}

export interface EvaluateOptions {
  batchSize?: number;
  verbose?: 0 | 1 | 2 | "auto";
  sampleWeight?: TensorLike;
  callbacks?: readonly Callback[];
  progressOutput?: ProgressOutput;
}

export interface PredictOptions {
  batchSize?: number;
  verbose?: 0 | 1 | 2 | "auto";
}

const FIT_KEYS = optionKeys<FitOptions>({
  batchSize: true,
  epochs: true,
  verbose: true,
  validationSplit: true,
  validationData: true,
  shuffle: true,
  callbacks: true,
  initialEpoch: true,
  classWeight: true,
  sampleWeight: true,
  progressOutput: true,
});
const EVALUATE_KEYS = optionKeys<EvaluateOptions>({ batchSize: true, verbose: true, sampleWeight: true, callbacks: true, progressOutput: true });
const PREDICT_KEYS = optionKeys<PredictOptions>({ batchSize: true, verbose: true });

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function verbosity(v: unknown): 0 | 1 | 2 {
  if (v === undefined || v === "auto") return 1;
  if (v === 0 || v === 1 || v === 2) return v;
  throw new ValueError(`Argument 'verbose' must be 0, 1, 2 or "auto", but got: ${describeValue(v)}`);
}

interface Source {
  batches(): BatchStream;
  steps: number | null;
  /** The tensors it batches (for holding them while a loop runs). */
  tensors: Tensor[];
}

function sourceOf(
  x: DataArg,
  y: TensorLike | readonly TensorLike[] | undefined,
  sampleWeight: Tensor | null,
  batchSize: number,
  shuffle: boolean,
  what: string,
): Source {
  if (isBatchSource(x)) {
    if (y !== undefined) throw new ValueError("`y` argument is not supported when using dataset as input.");
    const card = typeof x.cardinality === "function" ? x.cardinality() : -2;
    return { batches: () => datasetBatches(x, what), steps: card >= 0 ? card : null, tensors: [] };
  }
  const xs = toList(x as TensorLike, "x", what);
  const ys = toList(y, "y", what);
  if (xs.length === 0) throw new ValueError(`${what} needs input data \`x\``);
  const n = sampleCount([...xs, ...ys]);
  return {
    batches: () => arrayBatches(xs, ys, sampleWeight, batchSize, shuffle),
    steps: Math.ceil(n / batchSize),
    tensors: [...xs, ...ys, ...(sampleWeight ? [sampleWeight] : [])],
  };
}

/** Runs `fn` with the tensors it makes kept past its scope; they are added to `kept`, which the loop disposes with `disposeKept`. */
function prepare<T>(kept: Ownable[], fn: () => T): T {
  return libraryScope(() => {
    const value = fn();
    kept.push(...keepOwned(value));
    return value;
  });
}

/** Calls `step` on every batch of one pass, each in its own library scope, awaiting `around` hooks outside them; `after` resolving to true stops the pass. */
async function eachBatch(
  source: Source,
  step: (batch: ReturnType<NonNullable<ReturnType<BatchStream["next"]>>>, index: number) => void,
  around: { before?: (i: number) => Promise<void>; after?: (i: number) => Promise<unknown> } = {},
): Promise<number> {
  const stream = source.batches();
  let i = 0;
  try {
    for (let make = stream.next(); make !== null; make = stream.next()) {
      await around.before?.(i);
      const m = make;
      libraryScope(() => step(m(), i));
      const stop = await around.after?.(i);
      i++;
      await tick();
      if (stop === true) break;
    }
  } finally {
    stream.close();
  }
  return i;
}

/** Models with a fit running: a second one would share its trackers, callbacks' view of the model and `stopTraining`. */
const fitting = new WeakSet<Model>();

/** Trains `model` (see FitOptions); resolves to its History. */
export async function fit(model: Model, c: Compiled, x: DataArg, y: TensorLike | readonly TensorLike[] | undefined, fitOptions?: FitOptions): Promise<History> {
  const options = checkOptions(fitOptions, FIT_KEYS, "fit");
  if (fitting.has(model)) throw new RuntimeError("Cannot start training because another fit() call is ongoing.");
  fitting.add(model);
  try {
    return await fitOnce(model, c, x, y, options);
  } finally {
    fitting.delete(model);
  }
}

async function fitOnce(model: Model, c: Compiled, x: DataArg, y: TensorLike | readonly TensorLike[] | undefined, options: FitOptions): Promise<History> {
  const batchSize = positiveInt(options.batchSize ?? 32, "batchSize");
  const epochs = positiveInt(options.epochs ?? 1, "epochs");
  const verbose = verbosity(options.verbose);
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0)
    throw new ValueError(`Argument 'initialEpoch' must be a non-negative integer, but got: ${describeValue(initialEpoch)}`);
  const split = options.validationSplit ?? 0;
  if (typeof split !== "number" || !(split >= 0 && split < 1))
    throw new ValueError(`Argument 'validationSplit' must be a number in [0, 1), but got: ${describeValue(split)}`);

  let train!: Source;
  let validation: Source | null = null as Source | null;
  // Tensors the whole fit needs (splits, class weights) are held until it returns.
  const held: Ownable[] = [];
  prepare(held, () => {
    if (isBatchSource(x)) {
      if (split > 0) throw new ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found a Dataset.");
      if (options.classWeight !== undefined)
        throw new ValueError("`classWeight` is only supported for tensor inputs in kerats; weight the Dataset's elements instead");
      train = sourceOf(x, y, null, batchSize, options.shuffle ?? true, "fit");
    } else {
      let xs = toList(x as TensorLike, "x", "fit");
      let ys = toList(y, "y", "fit");
      let sw = options.sampleWeight === undefined ? null : toList(options.sampleWeight, "sampleWeight", "fit")[0]!;
      if (options.classWeight !== undefined) {
        if (ys.length !== 1) throw new ValueError("`classWeight` is only supported for models with a single output.");
        const cw = classSampleWeights(ys[0]!, options.classWeight, "fit");
        sw = sw ? ops.mul(sw, cw) : cw;
      }
      const n = sampleCount([...xs, ...ys]);
      if (split > 0) {
        // Keras holds out the *last* samples, before any shuffling.
        const at = Math.floor(n * (1 - split));
        if (at === 0 || at === n)
          throw new ValueError(
            `Training data contains ${n} samples, which is not sufficient to split it into a validation and training set as specified by \`validation_split=${split}\`. Either provide more data, or a different value for the \`validation_split\` argument.`,
          );
        const [vx, vy, vw] = [takeRows(xs, at, n), takeRows(ys, at, n), sw ? takeRows([sw], at, n)[0]! : null];
        validation = {
          batches: () => arrayBatches(vx, vy, vw, batchSize, false),
          steps: Math.ceil((n - at) / batchSize),
          tensors: [...vx, ...vy, ...(vw ? [vw] : [])],
        };
        xs = takeRows(xs, 0, at);
        ys = takeRows(ys, 0, at);
        sw = sw ? takeRows([sw], 0, at)[0]! : null;
      }
      const [tx, ty, tw] = [xs, ys, sw];
      train = {
        batches: () => arrayBatches(tx, ty, tw, batchSize, options.shuffle ?? true),
        steps: Math.ceil(sampleCount([...tx, ...ty]) / batchSize),
        tensors: [...tx, ...ty, ...(tw ? [tw] : [])],
      };
    }
    if (options.validationData !== undefined) {
      const vd = options.validationData;
      if (isBatchSource(vd)) validation = sourceOf(vd, undefined, null, batchSize, false, "validationData of fit");
      else {
        const parts = vd as readonly unknown[];
        if (!Array.isArray(parts) || parts.length < 2 || parts.length > 3) {
          throw new ValueError(`Argument 'validationData' must be [x, y], [x, y, sampleWeight] or a Dataset, but got: ${describeValue(vd)}`);
        }
        const w = parts[2] === undefined ? null : toList(parts[2] as TensorLike, "sampleWeight", "validationData of fit")[0]!;
        validation = sourceOf(parts[0] as TensorLike, parts[1] as TensorLike, w, batchSize, false, "validationData of fit");
      }
    }
    return [train, validation].flatMap((src) => (src ? src.tensors : []));
  });
  try {
    // Data known to be empty fails before anything trains (validation runs after an epoch's steps).
    if (train.steps === 0) throw emptyLogs("train_function");
    if (validation?.steps === 0) throw emptyLogs("test_function");
    return await trainEpochs(model, c, train, validation, options, verbose, epochs, initialEpoch);
  } finally {
    disposeKept(held);
  }
}

async function trainEpochs(
  model: Model,
  c: Compiled,
  train: Source,
  validation: Source | null,
  options: FitOptions,
  verbose: 0 | 1 | 2,
  epochs: number,
  initialEpoch: number,
): Promise<History> {
  const history = new History();
  const callbacks: Callback[] = [history, ...(verbose ? [new ProgbarLogger(options.progressOutput)] : []), ...(options.callbacks ?? [])];
  const params = { verbose, epochs, steps: train.steps };
  for (const cb of callbacks) {
    cb.setModel(model);
    cb.setParams(params);
  }
  model.stopTraining = false;
  const run = new TrackerRun(c);
  try {
    await callAll(callbacks, "onTrainBegin", {});
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      if (!(await runEpoch(model, c, run, train, validation, callbacks, params, epoch))) {
        if (epoch === initialEpoch) throw emptyLogs("train_function");
        log(
          "warn",
          "Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `steps_per_epoch * epochs` batches. You may need to use the `.repeat()` function when building your dataset.",
        );
        break;
      }
    }
    await callAll(callbacks, "onTrainEnd", {});
  } finally {
    run.end();
  }
  return history;
}

/** Keras's error for a pass that saw no batch (empty arrays, an empty or exhausted Dataset), instead of a fake loss of 0. */
function emptyLogs(fn: "train_function" | "test_function"): ValueError {
  return new ValueError(`Unexpected result of \`${fn}\` (Empty logs). This could be due to issues in input pipeline that resulted in an empty dataset.`);
}

/** One epoch; false when the data gave no batch (nothing was logged or reported for it). */
async function runEpoch(
  model: Model,
  c: Compiled,
  run: TrackerRun,
  train: Source,
  validation: Source | null,
  callbacks: readonly Callback[],
  params: { steps: number | null },
  epoch: number,
): Promise<boolean> {
  run.use(() => resetMetrics(c));
  await callAll(callbacks, "onEpochBegin", epoch, {});
  let skipped = 0;
  let logs: Logs = {};
  const steps = await eachBatch(
    train,
    (batch) =>
      run.use(() => {
        if (trainStep(model, c, batch)) skipped++;
        logs = currentLogs(c);
      }),
    {
      before: (i) => callAll(callbacks, "onTrainBatchBegin", i, {}),
      after: async (i) => {
        await callAll(callbacks, "onTrainBatchEnd", i, logs);
        return model.stopTraining;
      },
    },
  );
  if (steps === 0) return false;
  if (train.steps === null) params.steps = steps;
  logs = run.use(() => currentLogs(c));
  if (validation) {
    const val = await runTest(model, c, run, validation, [], false);
    for (const [k, v] of Object.entries(val)) logs[`val_${k}`] = v;
  }
  if (c.lossScale) {
    logs.loss_scale = c.lossScale.lossScale;
    logs.skipped_steps = skipped;
  }
  await callAll(callbacks, "onEpochEnd", epoch, logs);
  return true;
}

async function runTest(model: Model, c: Compiled, run: TrackerRun, source: Source, callbacks: readonly Callback[], report: boolean): Promise<Logs> {
  run.use(() => resetMetrics(c));
  if (report) await callAll(callbacks, "onTestBegin", {});
  let logs: Logs = {};
  const steps = await eachBatch(
    source,
    (batch) =>
      run.use(() => {
        testStep(model, c, batch);
        if (report) logs = currentLogs(c);
      }),
    report
      ? {
          before: (i) => callAll(callbacks, "onTestBatchBegin", i, {}),
          after: (i) => callAll(callbacks, "onTestBatchEnd", i, logs),
        }
      : {},
  );
  if (steps === 0) throw emptyLogs("test_function");
  logs = run.use(() => currentLogs(c));
  if (report) await callAll(callbacks, "onTestEnd", logs);
  return logs;
}

/** `fn` with the trackers to itself, for the one-batch calls (which may come while a fit runs). */
function ownRun<T>(c: Compiled, fn: () => T): T {
  const run = new TrackerRun(c);
  try {
    return run.use(fn);
  } finally {
    run.end();
  }
}

/** Runs `fn` on tensors made from `x`/`y`/`sampleWeight`, which are freed when it settles. */
async function withInputs<T>(make: () => Source, fn: (source: Source) => Promise<T>): Promise<T> {
  const held: Ownable[] = [];
  const source = prepare(held, make);
  try {
    return await fn(source);
  } finally {
    disposeKept(held); // not what was handed to user code or returned
  }
}

/** `[loss, ...metrics]` on the data (see EvaluateOptions). */
export async function evaluate(
  model: Model,
  c: Compiled,
  x: DataArg,
  y: TensorLike | readonly TensorLike[] | undefined,
  evaluateOptions?: EvaluateOptions,
): Promise<number[]> {
  const options = checkOptions(evaluateOptions, EVALUATE_KEYS, "evaluate");
  const batchSize = positiveInt(options.batchSize ?? 32, "batchSize");
  const verbose = verbosity(options.verbose);
  return withInputs(
    () => {
      const sw = options.sampleWeight === undefined ? null : toList(options.sampleWeight, "sampleWeight", "evaluate")[0]!;
      return sourceOf(x, y, sw, batchSize, false, "evaluate");
    },
    async (source) => {
      const callbacks: Callback[] = [...(verbose ? [new ProgbarLogger(options.progressOutput)] : []), ...(options.callbacks ?? [])];
      for (const cb of callbacks) {
        cb.setModel(model);
        cb.setParams({ verbose, epochs: 1, steps: source.steps });
      }
      const run = new TrackerRun(c);
      try {
        return Object.values(await runTest(model, c, run, source, callbacks, true));
      } finally {
        run.end();
      }
    },
  );
}

/** The model's outputs on `x`, batch by batch (one tensor, or one per output). */
export async function predict(model: Model, x: DataArg, predictOptions?: PredictOptions): Promise<Tensor | Tensor[]> {
  const options = checkOptions(predictOptions, PREDICT_KEYS, "predict");
  verbosity(options.verbose);
  const batchSize = positiveInt(options.batchSize ?? 32, "batchSize");
  return withInputs(
    () => sourceOf(x as TensorLike, undefined, null, batchSize, false, "predict"),
    async (source) => {
      // Each batch's outputs are held until they are concatenated (or handed out as they are).
      // Only what predict itself made is kept and freed: a model may return its input or a user layer's tensor.
      const parts: Tensor[][] = [];
      const kept: Ownable[] = [];
      try {
        await eachBatch(source, (batch) => {
          const out = forward(model, batch.x, false);
          kept.push(...keepOwned(out));
          parts.push(out);
        });
        if (parts.length === 0)
          throw new ValueError(
            "Unexpected result of `predict_function` (Empty batch_outputs). This could be due to issues in input pipeline that resulted in an empty dataset.",
          );
        const outs =
          parts.length === 1
            ? parts[0]!
            : libraryScope(() =>
                parts[0]!.map((_, i) =>
                  ops.concat(
                    parts.map((p) => p[i]!),
                    0,
                  ),
                ),
              );
        releaseToUser(outs);
        return outs.length === 1 ? outs[0]! : outs;
      } finally {
        disposeKept(kept);
      }
    },
  );
}

/** One step on one batch with the trackers to itself; returns `[loss, ...metrics]` for that batch. */
function oneBatch(
  fn: "trainOnBatch" | "testOnBatch",
  c: Compiled,
  step: (b: Batch) => unknown,
  x: TensorLike | readonly TensorLike[],
  y: TensorLike | readonly TensorLike[],
  sampleWeight: TensorLike | undefined,
): number[] {
  return libraryScope(() =>
    ownRun(c, () => {
      resetMetrics(c);
      const sw = sampleWeight === undefined ? null : toList(sampleWeight, "sampleWeight", fn)[0]!;
      step({ x: toList(x, "x", fn), y: toList(y, "y", fn), sampleWeight: sw });
      return Object.values(currentLogs(c));
    }),
  );
}

/** One training step on one batch; returns `[loss, ...metrics]` for that batch. */
export function trainOnBatch(
  model: Model,
  c: Compiled,
  x: TensorLike | readonly TensorLike[],
  y: TensorLike | readonly TensorLike[],
  sampleWeight?: TensorLike,
): number[] {
  return oneBatch("trainOnBatch", c, (b) => trainStep(model, c, b), x, y, sampleWeight);
}

/** Loss and metrics on one batch, without training. */
export function testOnBatch(
  model: Model,
  c: Compiled,
  x: TensorLike | readonly TensorLike[],
  y: TensorLike | readonly TensorLike[],
  sampleWeight?: TensorLike,
): number[] {
  return oneBatch("testOnBatch", c, (b) => testStep(model, c, b), x, y, sampleWeight);
}
