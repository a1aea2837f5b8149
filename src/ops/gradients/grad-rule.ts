/**
 * The gradient-rule table type. Every primitive appears in the table, either with a
 * rule or marked non-differentiable, so a new primitive without one does not compile.
 */
import type { PrimitiveParams, PrimName } from "../../backend/primitives.js";
import type { Tensor } from "../../tensor/tensor.js";
import { broadcastAxes } from "../broadcast.js";
import { reshape } from "../shape-ops.js";
import { sum } from "../reduction.js";

/** What a rule sees of the recorded op. */
export interface GradContext<P extends PrimName> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly params: PrimitiveParams[P];
  /** needs[i]: whether input i's gradient is wanted (rules skip the others). */
  readonly needs: readonly boolean[];
}

/** Returns one gradient per input (null: zero or not wanted), in the input's shape. */
export type GradRule<P extends PrimName> = (dy: Tensor, ctx: GradContext<P>) => (Tensor | null)[];

/** Marks a primitive whose outputs carry no gradient (comparisons, argmax, ...). */
export const NON_DIFFERENTIABLE = "nonDifferentiable" as const;

export type GradTable = { readonly [P in PrimName]: GradRule<P> | typeof NON_DIFFERENTIABLE };

/** Sums a broadcast gradient back to `shape`. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const axes = broadcastAxes(shape, g.shape);
  if (axes.length === 0) return g;
  return reshape(sum(g, axes, true), shape);
}
