/** SGD: gradient descent with optional momentum and Nesterov momentum (Keras's `SGD`). */
import { applyUpdate } from "../../autodiff/apply-update.js";
import type { Variable } from "../../autodiff/variable.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Optimizer, type OptimizerConfig, type OptimizerOptions, type StepContext } from "./optimizer.js";
import { UNIT_INTERVAL, booleanOption, numberOption } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

const f = Math.fround;

export interface SGDOptions extends OptimizerOptions {
  /** In [0, 1]; 0 (the default) is plain gradient descent. */
  momentum?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

export type SGDConfig = OptimizerConfig & { momentum: number; nesterov: boolean };

/**
 * Gradient descent: `w -= lr·g`, or with momentum `m = momentum·m - lr·g; w += m`
 * (Nesterov: `w += momentum·m - lr·g`). Defaults: learningRate 0.01, momentum 0.
 *
 * ```ts
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.applyGradients([dw], [w]);
 * ```
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super(options, { name: "SGD", learningRate: 0.01 }, ["momentum", "nesterov"]);
    const o = (options ?? {}) as Record<string, unknown>;
    this.momentum = numberOption(o.momentum, 0, "momentum", UNIT_INTERVAL);
    this.nesterov = booleanOption(o.nesterov, false, "nesterov");
  }

  /** Keras always keeps an "m" slot; without momentum it is all zeros, so it is not created here. */
  protected slotNames(): readonly string[] {
    return f(this.momentum) > 0 ? ["m"] : [];
  }

  protected updateStep(grad: Tensor, variable: Variable, slots: readonly Variable[], ctx: StepContext): void {
    const params = { learningRate: f(ctx.learningRate), momentum: f(this.momentum), nesterov: this.nesterov };
    applyUpdate("sgd", variable, grad, slots, params, ctx.gradScale);
  }

  override getConfig(): SGDConfig {
    return { ...this.baseConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

registerBuiltIn("optimizer", "SGD", SGD, { aliases: ["sgd"] });
