/**
 * Callback: hooks into `fit`, `evaluate` and `predict` (Keras's `tf.keras.callbacks.Callback`).
 * `logs` maps metric names to numbers ("loss", "accuracy", "val_loss", ...).
 */
export type Logs = Record<string, number>;

/** What a callback sees of the model: enough to stop training and read or set weights. */
export interface CallbackModel {
  stopTraining: boolean;
  getWeights(): unknown[];
  setWeights(weights: readonly never[]): void;
  readonly optimizer: { learningRate: number } | null;
}

/** The parameters of the run (Keras's `callback.params`). */
export interface CallbackParams {
  verbose: number;
  epochs: number;
  /** Batches per epoch (null when unknown). */
  steps: number | null;
}

export class Callback {
  model: CallbackModel | null = null;
  params: CallbackParams = { verbose: 1, epochs: 1, steps: null };

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  setParams(params: CallbackParams): void {
    this.params = params;
  }

  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onTestBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
  onPredictBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
}

type Hook = { [K in keyof Callback]: Callback[K] extends (...args: never[]) => void | Promise<void> ? K : never }[keyof Callback];

/** Calls one hook on every callback, in order, awaiting each. */
export async function callAll<H extends Exclude<Hook, "setModel" | "setParams">>(
  callbacks: readonly Callback[],
  hook: H,
  ...args: Parameters<Callback[H]>
): Promise<void> {
  for (const cb of callbacks) await (cb[hook] as (...a: unknown[]) => void | Promise<void>)(...args);
}
