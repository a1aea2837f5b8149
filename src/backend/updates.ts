/**
 * Fused optimizer updates: in-place updates of float32 master weights (and their
 * float32 slots) from gradients of any float dtype, optionally unscaled first. They
 * are not tape primitives (they mutate), so they have their own typed table; the
 * reference backend defines every one, float32 operation by float32 operation, and a
 * native kernel must reproduce those bits.
 *
 * The formulas are Keras's (tf.keras 2.11+ optimizers). Scalar coefficients are
 * computed once per step in float32 by `updateCoefficients` and passed in, so every
 * backend sees the same constants.
 */
import type { TensorView } from "./backend.js";

/** Per-step constants of each update, all float32 values. */
export interface UpdateParamsMap {
  /** p -= lr·g, or with momentum: m = momentum·m - lr·g; p += m (nesterov: p += momentum·m - lr·g). */
  sgd: { readonly learningRate: number; readonly momentum: number; readonly nesterov: boolean };
  /**
   * v = rho·v + (1-rho)·g²; centered: a = rho·a + (1-rho)·g, d = v - a², else d = v;
   * inc = lr·g / sqrt(d + eps); with momentum: mom = momentum·mom + inc, p -= mom; else p -= inc.
   */
  rmsprop: {
    readonly learningRate: number;
    readonly rho: number;
    readonly oneMinusRho: number;
    readonly momentum: number;
    readonly epsilon: number;
    readonly centered: boolean;
  };
  /**
   * (AdamW first: p -= p·decay with decay = weightDecay·lr.) m += (g - m)·(1-beta1);
   * v += (g² - v)·(1-beta2); p -= m·alpha / (sqrt(v) + eps), alpha = lr·sqrt(1-beta2^t)/(1-beta1^t).
   */
  adam: {
    readonly alpha: number;
    readonly oneMinusBeta1: number;
    readonly oneMinusBeta2: number;
    readonly epsilon: number;
    readonly decay: number;
  };
}

export type UpdateName = keyof UpdateParamsMap;

/** Slots per update, in order: sgd [momentum] when momentum > 0; rmsprop [velocity, momentum?, averageGrad?]; adam [m, v]. */
export interface UpdateArgs<U extends UpdateName> {
  readonly variable: Float32Array;
  readonly grad: TensorView;
  readonly slots: readonly Float32Array[];
  /** Multiplies the gradient first (1 / loss scale); 1 leaves it untouched. */
  readonly gradScale: number;
  readonly params: UpdateParamsMap[U];
}

export type UpdateKernel<U extends UpdateName> = (args: UpdateArgs<U>) => void;

/** One kernel per update; the type makes a missing one a compile error. */
export type UpdateTable = { readonly [U in UpdateName]: UpdateKernel<U> };

const f = Math.fround;

/**
 * Adam's per-step constants for 1-based step `t`, computed in float32 as Keras does.
 * Example: `adamCoefficients(0.001, 0.9, 0.999, 1e-7, 1, 0)`.
 */
export function adamCoefficients(
  learningRate: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  step: number,
  weightDecay: number,
): UpdateParamsMap["adam"] {
  const b1 = f(beta1);
  const b2 = f(beta2);
  const b1Power = f(Math.pow(b1, step));
  const b2Power = f(Math.pow(b2, step));
  const lr = f(learningRate);
  return {
    alpha: f(f(lr * f(Math.sqrt(f(1 - b2Power)))) / f(1 - b1Power)),
    oneMinusBeta1: f(1 - b1),
    oneMinusBeta2: f(1 - b2),
    epsilon: f(epsilon),
    decay: f(f(weightDecay) * lr),
  };
}
