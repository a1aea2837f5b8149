/** LearningRateScheduler: sets the optimizer's learning rate at the start of each epoch. */
import { describeValue, ValueError } from "../../errors.js";
import { Callback, type Logs } from "./callback.js";

export class LearningRateScheduler extends Callback {
  /** Example: `new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9))`. */
  constructor(
    readonly schedule: (epoch: number, lr: number) => number,
    readonly verbose = 0,
  ) {
    super();
    if (typeof schedule !== "function")
      throw new TypeError(`Argument 'schedule' of LearningRateScheduler must be a function, but got: ${describeValue(schedule)}`);
  }

  override onEpochBegin(epoch: number): void {
    const opt = this.model?.optimizer;
    if (!opt) throw new ValueError('Optimizer must have a "lr" attribute.');
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== "number" || !Number.isFinite(lr)) {
      throw new ValueError(`The output of the "schedule" function should be a finite number. Got: ${describeValue(lr)}`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) process.stdout.write(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.\n`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs && this.model?.optimizer) logs.lr = this.model.optimizer.learningRate;
  }
}
