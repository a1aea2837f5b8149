/**
 * Adam's step: the per-step float32 constants, and the AMSGrad variant, which the
 * fused kernel does not cover and is therefore composed from float32 ops in the
 * kernel's order of operations.
 */
import type { Variable } from "../../autodiff/variable.js";
import { adamCoefficients, type UpdateParamsMap } from "../../backend/updates.js";
import { add, div, maximum, mul, sqrt, square, sub } from "../../ops/elementwise.js";
import type { Tensor } from "../../tensor/tensor.js";
import { toFloat32 } from "./clipping.js";

const f = Math.fround;

/**
 * `adamCoefficients` for 1-based step `t`, except `1 - beta`: Keras multiplies by
 * `(1 - self.beta_1)`, a Python double rounded once to float32, not `1 - float32(beta)`.
 * Example: `adamConstants(0.001, 0.9, 0.999, 1e-7, 1, 0)`.
 */
export function adamConstants(learningRate: number, beta1: number, beta2: number, epsilon: number, t: number, weightDecay: number): UpdateParamsMap["adam"] {
  return {
    ...adamCoefficients(learningRate, beta1, beta2, epsilon, t, weightDecay),
    oneMinusBeta1: f(1 - beta1),
    oneMinusBeta2: f(1 - beta2),
  };
}

/**
 * One AMSGrad step in place: Adam's m and v, then `vhat = max(vhat, v)` and
 * `w -= m·alpha / (sqrt(vhat) + eps)` (after the decoupled decay, if any).
 * Every value is computed before any variable is assigned, so it cannot stop halfway.
 */
export function amsgradStep(variable: Variable, grad: Tensor, slots: readonly Variable[], c: UpdateParamsMap["adam"], gradScale: number): void {
  const [m, v, vhat] = [slots[0]!, slots[1]!, slots[2]!];
  const g = toFloat32(grad, gradScale);
  const p = c.decay !== 0 ? sub(variable, mul(variable, c.decay)) : variable;
  const mNew = add(m, mul(sub(g, m), c.oneMinusBeta1));
  const vNew = add(v, mul(sub(square(g), v), c.oneMinusBeta2));
  const vhatNew = maximum(vhat, vNew);
  const pNew = sub(p, div(mul(mNew, c.alpha), add(sqrt(vhatNew), c.epsilon)));
  m.assign(mNew);
  v.assign(vNew);
  vhat.assign(vhatNew);
  variable.assign(pNew);
}
