/**
 * CosineDecay: half a cosine from `initialLearningRate` down to `alpha · initialLearningRate`
 * over `decaySteps`, optionally after a linear warmup to `warmupTarget` (then the cosine
 * starts from there).
 */
import { checkStep, LearningRateSchedule } from "./learning-rate-schedule.js";
import { NON_NEGATIVE, POSITIVE, UNIT_INTERVAL, checkNumber, checkOptions, numberOption, optionalNumber } from "../../../options.js";
import { registerBuiltIn } from "../../saving/object-registry.js";

const f = Math.fround;

export interface CosineDecayOptions {
  initialLearningRate: number;
  /** Number of steps to decay over; must be positive. */
  decaySteps: number;
  /** The final rate as a fraction of the initial one, in [0, 1]. Default 0. */
  alpha?: number;
  name?: string | null;
  /** Warm up linearly from `initialLearningRate` to this rate first; null (the default): no warmup. */
  warmupTarget?: number | null;
  /** Steps of the warmup (with `warmupTarget`). Default 0. */
  warmupSteps?: number;
}

export type CosineDecayConfig = {
  initialLearningRate: number;
  decaySteps: number;
  alpha: number;
  name: string | null;
  warmupTarget: number | null;
  warmupSteps: number;
};

const KEYS = ["initialLearningRate", "decaySteps", "alpha", "name", "warmupTarget", "warmupSteps"] as const;

/**
 * Cosine decay of the learning rate (Keras's `CosineDecay`, without warmup):
 * `lr0 · ((1 - alpha) · 0.5 · (1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)`.
 *
 * ```ts
 * const lr = new CosineDecay({ initialLearningRate: 1, decaySteps: 1000 });
 * lr.call(500); // 0.5
 * ```
 */
export class CosineDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly name: string | null;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    super();
    const o = checkOptions(options, KEYS, "CosineDecay");
    this.initialLearningRate = checkNumber(o.initialLearningRate, "initialLearningRate", NON_NEGATIVE);
    this.decaySteps = checkNumber(o.decaySteps, "decaySteps", POSITIVE);
    this.alpha = numberOption(o.alpha, 0, "alpha", UNIT_INTERVAL);
    this.name = (o.name as string | null | undefined) ?? null;
    this.warmupTarget = optionalNumber(o.warmupTarget, "warmupTarget", NON_NEGATIVE);
    this.warmupSteps = numberOption(o.warmupSteps, 0, "warmupSteps", { min: 0, integer: true, expected: "a non-negative integer" });
  }

  /**
   * Float32 throughout like Keras's tensors; `1 - alpha` is rounded once from the
   * double, as Python computes it before it meets a float32 tensor.
   */
  call(step: number): number {
    checkStep(step, "CosineDecay");
    const decaySteps = f(this.decaySteps);
    if (this.warmupTarget === null) return this.decayed(Math.min(f(step), decaySteps), decaySteps, f(this.initialLearningRate));
    const warmupSteps = f(this.warmupSteps);
    const target = f(this.warmupTarget);
    const s = Math.min(f(step), f(decaySteps + warmupSteps));
    if (s < warmupSteps) {
      const initial = f(this.initialLearningRate);
      return f(f(f(target - initial) * f(s / warmupSteps)) + initial);
    }
    return this.decayed(f(s - warmupSteps), decaySteps, target);
  }

  /** Keras's `_decay_function`: `from · ((1 - alpha) · ½(1 + cos(π · step / decaySteps)) + alpha)`. */
  private decayed(step: number, decaySteps: number, from: number): number {
    const fraction = f(step / decaySteps);
    const cosineDecayed = f(0.5 * f(1 + f(Math.cos(f(f(Math.PI) * fraction)))));
    const decayed = f(f(f(1 - this.alpha) * cosineDecayed) + f(this.alpha));
    return f(from * decayed);
  }

  getConfig(): CosineDecayConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }
}

registerBuiltIn("schedule", "CosineDecay", CosineDecay);
