/**
 * Reference optimizer updates (see ../updates.ts for the formulas). Every line is one
 * float32 operation, in the order a native kernel must follow to match bit for bit.
 */
import type { UpdateTable } from "../updates.js";
import { readF32 } from "./float-io.js";

const f = Math.fround;

/** The gradient as float32, scaled when asked. */
function gradient(grad: Parameters<UpdateTable["sgd"]>[0]["grad"], scale: number): Float32Array {
  const g = readF32(grad);
  if (scale === 1) return g;
  const out = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = f(g[i]! * scale);
  return out;
}

export const referenceUpdates: UpdateTable = {
  sgd({ variable: p, grad, slots, gradScale, params: { learningRate: lr, momentum, nesterov } }) {
    const g = gradient(grad, gradScale);
    if (momentum === 0) {
      for (let i = 0; i < p.length; i++) p[i] = f(p[i]! - f(lr * g[i]!));
      return;
    }
    const m = slots[0]!;
    for (let i = 0; i < p.length; i++) {
      const step = f(lr * g[i]!);
      const mi = f(f(momentum * m[i]!) - step);
      m[i] = mi;
      p[i] = nesterov ? f(p[i]! + f(f(momentum * mi) - step)) : f(p[i]! + mi);
    }
  },

  rmsprop({ variable: p, grad, slots, gradScale, params }) {
    const { learningRate: lr, rho, oneMinusRho, momentum, epsilon, centered } = params;
    const g = gradient(grad, gradScale);
    const v = slots[0]!;
    const mom = momentum > 0 ? slots[1]! : null;
    const avg = centered ? slots[momentum > 0 ? 2 : 1]! : null;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      const vi = f(f(rho * v[i]!) + f(oneMinusRho * f(gi * gi)));
      v[i] = vi;
      let denom = vi;
      if (avg) {
        const ai = f(f(rho * avg[i]!) + f(oneMinusRho * gi));
        avg[i] = ai;
        denom = f(vi - f(ai * ai));
      }
      const inc = f(f(lr * gi) / f(Math.sqrt(f(denom + epsilon))));
      if (mom) {
        const mi = f(f(momentum * mom[i]!) + inc);
        mom[i] = mi;
        p[i] = f(p[i]! - mi);
      } else {
        p[i] = f(p[i]! - inc);
      }
    }
  },

  adam({ variable: p, grad, slots, gradScale, params: { alpha, oneMinusBeta1, oneMinusBeta2, epsilon, decay } }) {
    const g = gradient(grad, gradScale);
    const [m, v] = [slots[0]!, slots[1]!];
    for (let i = 0; i < p.length; i++) {
      let pi = p[i]!;
      if (decay !== 0) pi = f(pi - f(pi * decay));
      const gi = g[i]!;
      const mi = f(m[i]! + f(f(gi - m[i]!) * oneMinusBeta1));
      const vi = f(v[i]! + f(f(f(gi * gi) - v[i]!) * oneMinusBeta2));
      m[i] = mi;
      v[i] = vi;
      p[i] = f(pi - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + epsilon)));
    }
  },
};
