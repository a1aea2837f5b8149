/** AdamW: Adam with decoupled weight decay (Keras's `AdamW`). */
import { ValueError } from "../../errors.js";
import { Adam, ADAM_KEYS, type AdamConfig, type AdamOptions } from "./adam.js";
import { OPTIMIZER_KEYS } from "./optimizer.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

export interface AdamWOptions extends AdamOptions {
  /** Required; default 0.004. Each step `w -= w · weightDecay · learningRate` before Adam's update. */
  weightDecay?: number;
}

export type AdamWConfig = AdamConfig;

/**
 * AdamW (Loshchilov and Hutter): Adam plus `w -= w·weightDecay·lr` each step.
 * Defaults: learningRate 0.001, weightDecay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7.
 *
 * ```ts
 * const opt = new AdamW({ learningRate: 1, weightDecay: 0.004 });
 * opt.applyGradients([[tf.scalar(0), w]]); // w = 2 becomes 1.992
 * ```
 */
export class AdamW extends Adam {
  constructor(options: AdamWOptions = {}) {
    const o = checkOptions(options, [...OPTIMIZER_KEYS, ...ADAM_KEYS], "AdamW");
    if (o.weightDecay === null) {
      throw new ValueError("Missing value of `weightDecay` which is required and must be a float value.");
    }
    super({ ...o, name: (o.name as string | undefined) ?? "AdamW", weightDecay: (o.weightDecay as number | undefined) ?? 0.004 });
  }
}

registerBuiltIn("optimizer", "AdamW", AdamW, { aliases: ["adamw"] });
