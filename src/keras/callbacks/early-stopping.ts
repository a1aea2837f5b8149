/** EarlyStopping: stops training when a monitored value stops improving (Keras semantics). */
import { describeValue, ValueError } from "../../errors.js";
import { log } from "../../logging.js";
import { Callback, type Logs } from "./callback.js";
import { checkOptions, optionKeys } from "../../options.js";

export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  verbose?: number;
  mode?: "auto" | "min" | "max";
  baseline?: number | null;
  restoreBestWeights?: boolean;
  startFromEpoch?: number;
}

const EARLY_STOPPING_KEYS = optionKeys<EarlyStoppingOptions>({
  monitor: true,
  minDelta: true,
  patience: true,
  verbose: true,
  mode: true,
  baseline: true,
  restoreBestWeights: true,
  startFromEpoch: true,
});

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly verbose: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly minDelta: number;
  private readonly better: (a: number, b: number) => boolean;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: unknown[] | null = null;

  /** Example: `new callbacks.EarlyStopping({ monitor: "val_loss", patience: 2, restoreBestWeights: true })`. */
  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const {
      monitor = "val_loss",
      minDelta = 0,
      patience = 0,
      verbose = 0,
      mode = "auto",
      baseline = null,
      restoreBestWeights = false,
      startFromEpoch = 0,
    } = checkOptions(options, EARLY_STOPPING_KEYS, "EarlyStopping");
    if (!["auto", "min", "max"].includes(mode))
      throw new ValueError(`Argument 'mode' of EarlyStopping must be 'auto', 'min' or 'max', but got: ${describeValue(mode)}`);
    if (!Number.isInteger(patience) || patience < 0)
      throw new ValueError(`Argument 'patience' of EarlyStopping must be a non-negative integer, but got: ${describeValue(patience)}`);
    this.monitor = monitor;
    this.patience = patience;
    this.verbose = verbose;
    this.baseline = baseline;
    this.restoreBestWeights = restoreBestWeights;
    this.startFromEpoch = startFromEpoch;
    // "auto" maximizes accuracy-like metrics and minimizes the rest, as Keras does.
    const maximize = mode === "max" || (mode === "auto" && (monitor.endsWith("acc") || monitor.endsWith("accuracy") || monitor.endsWith("auc")));
    this.minDelta = maximize ? Math.abs(minDelta) : -Math.abs(minDelta);
    this.better = maximize ? (a, b) => a - this.minDelta > b : (a, b) => a - this.minDelta < b;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.better(0, 1) ? Infinity : -Infinity;
    this.dropBestWeights();
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      log("warn", `Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}`);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.keepBestWeights();
    this.wait += 1;
    if (this.better(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepBestWeights();
      if (this.baseline === null || this.better(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        if (this.verbose > 0) process.stdout.write(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.\n`);
        this.model!.setWeights(this.bestWeights as never[]);
      }
    }
  }

  /** Replaces the kept copies of the best weights (the old ones are freed). */
  private keepBestWeights(): void {
    this.dropBestWeights();
    this.bestWeights = this.model!.getWeights();
  }

  private dropBestWeights(): void {
    for (const t of this.bestWeights ?? []) (t as { dispose(): void }).dispose();
    this.bestWeights = null;
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) process.stdout.write(`Epoch ${this.stoppedEpoch + 1}: early stopping\n`);
  }
}
