/** Adam: adaptive moment estimation (Keras's `Adam`), with AMSGrad and optional decoupled weight decay. */
import { applyUpdate } from "../../autodiff/apply-update.js";
import type { Variable } from "../../autodiff/variable.js";
import type { Tensor } from "../../tensor/tensor.js";
import { adamConstants, amsgradStep } from "./adam-step.js";
import { Optimizer, type OptimizerConfig, type OptimizerOptions, type StepContext } from "./optimizer.js";
import { NON_NEGATIVE, booleanOption, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Default 1e-7 ("epsilon hat" of Kingma and Ba). */
  epsilon?: number;
  /** The AMSGrad variant (keeps the running maximum of v). Default false. */
  amsgrad?: boolean;
}

export type AdamConfig = OptimizerConfig & { beta1: number; beta2: number; epsilon: number; amsgrad: boolean };

/** The option names Adam adds, shared with AdamW. */
export const ADAM_KEYS: readonly string[] = ["beta1", "beta2", "epsilon", "amsgrad"];

const BETA = { min: 0, max: 1, maxExclusive: true, expected: "in [0, 1)" };

/**
 * Adam: `m += (g - m)·(1-beta1); v += (g² - v)·(1-beta2);
 * w -= m·alpha / (sqrt(v) + epsilon)` with `alpha = lr·sqrt(1-beta2^t)/(1-beta1^t)`.
 * Defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 *
 * ```ts
 * const opt = new Adam({ learningRate: 1e-3 });
 * opt.applyGradients([[dw, w]]); // the first step moves each weight by about lr
 * ```
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super(options, { name: "Adam", learningRate: 0.001 }, ADAM_KEYS);
    const o = (options ?? {}) as Record<string, unknown>;
    this.beta1 = numberOption(o.beta1, 0.9, "beta1", BETA);
    this.beta2 = numberOption(o.beta2, 0.999, "beta2", BETA);
    this.epsilon = numberOption(o.epsilon, 1e-7, "epsilon", NON_NEGATIVE);
    this.amsgrad = booleanOption(o.amsgrad, false, "amsgrad");
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ["m", "v", "vhat"] : ["m", "v"];
  }

  /** Keras creates m and v per variable together, then the vhats. */
  protected override slotGroups(): readonly (readonly string[])[] {
    return this.amsgrad ? [["m", "v"], ["vhat"]] : [["m", "v"]];
  }

  /** The Adam kernel fuses the decoupled decay (`w -= w·wd·lr`) into its pass over the weights. */
  protected override handlesWeightDecay(): boolean {
    return true;
  }

  protected updateStep(grad: Tensor, variable: Variable, slots: readonly Variable[], ctx: StepContext): void {
    const c = adamConstants(ctx.learningRate, this.beta1, this.beta2, this.epsilon, ctx.iteration + 1, this.weightDecay ?? 0);
    if (this.amsgrad) amsgradStep(variable, grad, slots, c, ctx.gradScale);
    else applyUpdate("adam", variable, grad, slots, c, ctx.gradScale);
  }

  override getConfig(): AdamConfig {
    return { ...this.baseConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

registerBuiltIn("optimizer", "Adam", Adam, { aliases: ["adam"] });
