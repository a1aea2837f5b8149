/** ProgbarLogger: prints Keras's `Epoch 1/5` lines and progress bars during fit and evaluate. */
import { Callback, type Logs } from "./callback.js";
import { Progbar, type ProgressOutput } from "./progbar.js";

/** Logs shown on the bar: History-only entries (the loss scale, skipped steps) are left out. */
function shown(logs: Logs = {}): Logs {
  return Object.fromEntries(Object.entries(logs).filter(([k]) => k !== "loss_scale" && k !== "skipped_steps"));
}

export class ProgbarLogger extends Callback {
  private bar: Progbar | null = null;
  private seen = 0;
  private inFit = false;

  /** @param out where to write (default: process.stdout). */
  constructor(private readonly out: ProgressOutput = process.stdout) {
    super();
  }

  private get verbose(): 1 | 2 | 0 {
    return this.params.verbose === 1 ? 1 : this.params.verbose === 2 ? 2 : 0;
  }

  override onTrainBegin(): void {
    this.inFit = true;
  }

  override onTrainEnd(): void {
    this.inFit = false;
  }

  override onEpochBegin(epoch: number): void {
    if (!this.verbose) return;
    if (this.params.epochs > 1 || this.verbose) this.out.write(`Epoch ${epoch + 1}/${this.params.epochs}\n`);
    this.bar = new Progbar(this.params.steps, this.verbose, this.out);
    this.seen = 0;
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.seen = batch + 1;
    this.bar?.update(this.seen, shown(logs));
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    this.bar?.update(this.seen, shown(logs), true);
    this.bar = null;
  }

  // evaluate() outside fit gets its own bar; validation inside fit is summarized on the epoch line.
  override onTestBegin(): void {
    if (this.inFit || !this.verbose) return;
    this.bar = new Progbar(this.params.steps, this.verbose, this.out);
    this.seen = 0;
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (this.inFit) return;
    this.seen = batch + 1;
    this.bar?.update(this.seen, shown(logs));
  }

  override onTestEnd(logs?: Logs): void {
    if (this.inFit) return;
    this.bar?.update(this.seen, shown(logs), true);
    this.bar = null;
  }
}
