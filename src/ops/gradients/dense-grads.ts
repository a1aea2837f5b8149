/**
 * Gradient rule of the fused dense primitive. The activation's derivative comes from the
 * output where it can (relu's mask, sigmoid's y(1-y), tanh's 1-y²), so no pre-activation
 * is kept; gelu's needs the pre-activation, which the rule recomputes from x, kernel and
 * bias (one more GEMM in the backward pass instead of an [m, n] tensor kept across it).
 */
import type { DenseActivation } from "../../backend/primitives.js";
import type { Tensor } from "../../tensor/tensor.js";
import { runKernel } from "../engine.js";
import { matmul } from "../linalg.js";
import { sum } from "../reduction.js";
import { unaryGrads } from "./elementwise-grads.js";
import type { GradEntry } from "./grad-rule.js";
import { usesWhen } from "./grad-rule.js";

const FROM_OUTPUT: ReadonlySet<DenseActivation> = new Set<DenseActivation>(["relu", "sigmoid", "tanh"]);

/** dL/dz from dL/dy, through the activation's own gradient rule (one formula for both paths). */
function throughActivation(activation: DenseActivation, dy: Tensor, z: Tensor | null, y: Tensor): Tensor {
  if (activation === "linear") return dy;
  const entry = unaryGrads[activation];
  return entry.rule(dy, { inputs: [z ?? y], output: y, params: {}, needs: [true], consume: (t) => t })[0]!;
}

export const denseGrad: GradEntry<"dense"> = usesWhen(
  // x for the kernel's gradient, the kernel for x's; all inputs when gelu recomputes z.
  (needs, { activation }) => {
    const gelu = activation === "gelu";
    return { inputs: [needs[1]! || gelu, needs[0]! || gelu, gelu].slice(0, needs.length), output: FROM_OUTPUT.has(activation) };
  },
  (dy, { inputs: [x, kernel, bias], output, params: { activation }, needs }) => {
    const z =
      activation === "gelu"
        ? runKernel("dense", bias ? [x!, kernel!, bias] : [x!, kernel!], { activation: "linear", bias: bias !== undefined }, output.shape, output.dtype)
        : null;
    const dz = throughActivation(activation, dy, z, output);
    return [
      needs[0] ? matmul(dz, kernel!, false, true) : null,
      needs[1] ? matmul(x!, dz, true, false) : null,
      ...(needs.length > 2 ? [needs[2] ? sum(dz, [0]) : null] : []),
    ];
  },
);
