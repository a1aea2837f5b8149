/**
 * LearningRateSchedule: the base of learning rate schedules. An optimizer given a
 * schedule asks it for the rate at the start of every step, passing its iteration
 * count, as Keras's `_compute_current_learning_rate` does.
 */
import { describeValue } from "../../../errors.js";

/**
 * Base class of learning rate schedules: subclasses implement `call(step)` and
 * `getConfig()`; `fromConfig` calls the constructor with the config object.
 *
 * ```ts
 * class InverseTime extends LearningRateSchedule {
 *   constructor(readonly config: { initial: number }) { super(); }
 *   call(step: number): number { return this.config.initial / (step + 1); }
 *   getConfig() { return { ...this.config }; }
 * }
 * new SGD({ learningRate: new InverseTime({ initial: 0.1 }) });
 * ```
 */
export abstract class LearningRateSchedule {
  /** The learning rate at optimizer step `step` (0 for the first step). */
  abstract call(step: number): number;

  /** The constructor options that recreate this schedule. */
  abstract getConfig(): Record<string, unknown>;

  /** A new schedule from `getConfig()`'s output. Example: `ExponentialDecay.fromConfig(s.getConfig())`. */
  static fromConfig<T extends LearningRateSchedule>(this: new (config: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/** The step argument of `call`: a non-negative finite number. Example: `checkStep(step, "CosineDecay")`. */
export function checkStep(step: unknown, owner: string): number {
  if (typeof step !== "number" || !Number.isFinite(step) || step < 0) {
    throw new TypeError(`Argument 'step' of ${owner}.call must be a non-negative finite number, but got: ${describeValue(step)}`);
  }
  return step;
}
