/** RMSprop: gradients divided by a moving RMS of their history (Keras's `RMSprop`). */
import { applyUpdate } from "../../autodiff/apply-update.js";
import type { Variable } from "../../autodiff/variable.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Optimizer, type OptimizerConfig, type OptimizerOptions, type StepContext } from "./optimizer.js";
import { NON_NEGATIVE, UNIT_INTERVAL, booleanOption, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

const f = Math.fround;

export interface RMSpropOptions extends OptimizerOptions {
  /** Discount of the squared-gradient average, in [0, 1]. Default 0.9. */
  rho?: number;
  /** In [0, 1]. Default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Normalize by the estimated variance instead of the second moment. Default false. */
  centered?: boolean;
}

export type RMSpropConfig = OptimizerConfig & { rho: number; momentum: number; epsilon: number; centered: boolean };

/**
 * RMSprop: `v = rho·v + (1-rho)·g²; w -= lr·g / sqrt(v + epsilon)` (centered:
 * `v - ḡ²` under the root; with momentum the step goes through a momentum slot).
 * Defaults: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7.
 *
 * ```ts
 * const opt = new RMSprop({ learningRate: 0.1 });
 * opt.applyGradients([[tf.scalar(10), w]]); // w = 10 becomes 9.683772
 * ```
 */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    super(options, { name: "RMSprop", learningRate: 0.001 }, ["rho", "momentum", "epsilon", "centered"]);
    const o = (options ?? {}) as Record<string, unknown>;
    this.rho = numberOption(o.rho, 0.9, "rho", UNIT_INTERVAL);
    this.momentum = numberOption(o.momentum, 0, "momentum", UNIT_INTERVAL);
    this.epsilon = numberOption(o.epsilon, 1e-7, "epsilon", NON_NEGATIVE);
    this.centered = booleanOption(o.centered, false, "centered");
  }

  /** In the order the fused kernel takes them: velocity, then momentum and average_gradient when used. */
  protected slotNames(): readonly string[] {
    return ["velocity", ...(f(this.momentum) > 0 ? ["momentum"] : []), ...(this.centered ? ["average_gradient"] : [])];
  }

  protected updateStep(grad: Tensor, variable: Variable, slots: readonly Variable[], ctx: StepContext): void {
    const params = {
      learningRate: f(ctx.learningRate),
      rho: f(this.rho),
      // Python computes `1 - rho` in double before it meets a float32 tensor, so it is rounded once.
      oneMinusRho: f(1 - this.rho),
      momentum: f(this.momentum),
      epsilon: f(this.epsilon),
      centered: this.centered,
    };
    applyUpdate("rmsprop", variable, grad, slots, params, ctx.gradScale);
  }

  override getConfig(): RMSpropConfig {
    return { ...this.baseConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

registerBuiltIn("optimizer", "RMSprop", RMSprop, { aliases: ["rmsprop"] });
