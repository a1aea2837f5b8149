/** TerminateOnNaN: stops training as soon as the loss is NaN or infinite. */
import { Callback, type Logs } from "./callback.js";

export class TerminateOnNaN extends Callback {
  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      process.stdout.write(`Batch ${batch}: Invalid loss, terminating training\n`);
      this.model!.stopTraining = true;
    }
  }
}
