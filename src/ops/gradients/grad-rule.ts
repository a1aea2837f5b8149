/**
 * The gradient-rule table type. Every primitive appears in the table, either with a
 * rule or marked non-differentiable, so a new primitive without one does not compile.
 * Each rule also declares which recorded values it reads (`saves`): the tape keeps
 * only those alive until the rule has run, and gives the rule data-less stand-ins for
 * the rest (their shape and dtype are readable; their data is not).
 */
import type { PrimitiveParams, PrimName } from "../../backend/primitives.js";
import type { Tensor } from "../../tensor/tensor.js";
import { broadcastAxes } from "../broadcast.js";
import { reshape } from "../shape-ops.js";
import { sum } from "../reduction.js";

/** What a rule sees of the recorded op. */
export interface GradContext<P extends PrimName> {
  /** The inputs; only those `saves` named have data, the others give shape and dtype. */
  readonly inputs: readonly Tensor[];
  /** The output; it has data only when `saves` named it. */
  readonly output: Tensor;
  readonly params: PrimitiveParams[P];
  /** needs[i]: whether input i's gradient is wanted (rules skip the others). */
  readonly needs: readonly boolean[];
  /**
   * `dy` offered for computing in place where the tape knows it is dead after this rule
   * (else `dy` as is). A rule passes it to the one elementwise op that reads dy last.
   */
  consume(dy: Tensor): Tensor;
}

/** Returns one gradient per input (null: zero or not wanted), in the input's shape. */
export type GradRule<P extends PrimName> = (dy: Tensor, ctx: GradContext<P>) => (Tensor | null)[];

/** Marks a primitive whose outputs carry no gradient (comparisons, argmax, ...). */
export const NON_DIFFERENTIABLE = "nonDifferentiable" as const;

/** Which recorded values a rule reads: per input, and the output. */
export interface Saved {
  readonly inputs: readonly boolean[];
  readonly output: boolean;
}

/** The values a rule reads, given which inputs may need a gradient (`needs`, as recorded) and the op's parameters. */
export type SaveRule<P extends PrimName = PrimName> = (needs: readonly boolean[], params: PrimitiveParams[P]) => Saved;

/** A rule with the values it reads. */
export interface GradEntry<P extends PrimName> {
  readonly saves: SaveRule<P>;
  readonly rule: GradRule<P>;
}

export type GradTable = { readonly [P in PrimName]: GradEntry<P> | typeof NON_DIFFERENTIABLE };

/**
 * A table entry whose rule reads the inputs at `inputs` (indices) and the output when
 * `output`. Example: `uses([0], false, rule)` for a rule that needs x only.
 */
export function uses<P extends PrimName>(inputs: readonly number[], output: boolean, rule: GradRule<P>): GradEntry<P> {
  return { saves: (needs) => ({ inputs: needs.map((_, i) => inputs.includes(i)), output }), rule };
}

/** A table entry whose saved values depend on which inputs need gradients. */
export function usesWhen<P extends PrimName>(saves: SaveRule<P>, rule: GradRule<P>): GradEntry<P> {
  return { saves, rule };
}

/**
 * The saves of a two-input product rule (mul, matmul): input 0's gradient needs input 1
 * and the other way round.
 */
export const crossInputs = (needs: readonly boolean[]): Saved => ({ inputs: [needs[1] ?? false, needs[0] ?? false], output: false });

/** Sums a broadcast gradient back to `shape`. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const axes = broadcastAxes(shape, g.shape);
  if (axes.length === 0) return g;
  return reshape(sum(g, axes, true), shape);
}
