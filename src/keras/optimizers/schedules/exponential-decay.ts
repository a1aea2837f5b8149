/** ExponentialDecay: `initialLearningRate · decayRate^(step / decaySteps)`, in float32 as Keras computes it. */
import { checkStep, LearningRateSchedule } from "./learning-rate-schedule.js";
import { NON_NEGATIVE, POSITIVE, booleanOption, checkNumber, checkOptions } from "../../../options.js";
import { registerBuiltIn } from "../../saving/object-registry.js";

const f = Math.fround;

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  /** Must be positive. */
  decaySteps: number;
  decayRate: number;
  /** Decay at whole multiples of `decaySteps` only (floor of step / decaySteps). Default false. */
  staircase?: boolean;
  name?: string | null;
}

export type ExponentialDecayConfig = {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase: boolean;
  name: string | null;
};

const KEYS = ["initialLearningRate", "decaySteps", "decayRate", "staircase", "name"] as const;

/**
 * Exponential decay of the learning rate (Keras's `ExponentialDecay`).
 *
 * ```ts
 * const lr = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true });
 * lr.call(100); // 0.1 · 0.96^33
 * new SGD({ learningRate: lr });
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string | null;

  constructor(options: ExponentialDecayOptions) {
    super();
    const o = checkOptions(options, KEYS, "ExponentialDecay");
    this.initialLearningRate = checkNumber(o.initialLearningRate, "initialLearningRate", NON_NEGATIVE);
    this.decaySteps = checkNumber(o.decaySteps, "decaySteps", POSITIVE);
    this.decayRate = checkNumber(o.decayRate, "decayRate", POSITIVE);
    this.staircase = booleanOption(o.staircase, false, "staircase");
    this.name = (o.name as string | null | undefined) ?? null;
  }

  /** Every quantity is a float32 tensor in Keras, so each operation rounds to float32 here. */
  call(step: number): number {
    checkStep(step, "ExponentialDecay");
    let p = f(f(step) / f(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    return f(f(this.initialLearningRate) * f(Math.pow(f(this.decayRate), p)));
  }

  getConfig(): ExponentialDecayConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}

registerBuiltIn("schedule", "ExponentialDecay", ExponentialDecay);
