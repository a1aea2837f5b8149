/**
 * GradientTape: records the ops run inside `record(fn)` that depend on watched
 * tensors (trainable variables are watched automatically) and computes gradients by
 * walking the record backwards through the gradient table.
 */
import { isFloating } from "../dtype/index.js";
import { describeValue, formatShape } from "../errors.js";
import { cast } from "../ops/cast.js";
import { ones } from "../ops/creation.js";
import { add } from "../ops/elementwise.js";
import { pushRecorder, removeRecorder, type OpRecorder, type TapeNode } from "../ops/engine.js";
import { NON_DIFFERENTIABLE, type GradContext, type GradRule } from "../ops/gradients/grad-rule.js";
import { gradTable } from "../ops/gradients/grad-table.js";
import type { PrimName } from "../backend/primitives.js";
import { Tensor } from "../tensor/tensor.js";
import { Variable } from "./variable.js";

export interface GradientTapeOptions {
  /** Allow several `gradient` calls; the record lives as long as the tape. Default false. */
  persistent?: boolean;
  /** Watch trainable variables when ops read them. Default true. */
  watchAccessedVariables?: boolean;
}

export class GradientTape {
  readonly persistent: boolean;
  readonly watchAccessedVariables: boolean;
  private nodes: TapeNode[] = [];
  /** Ids of tensors that are watched or computed from watched ones. */
  private readonly tracked = new Set<number>();
  private readonly variables = new Map<number, Variable>();
  private used = false;
  private readonly recorder: OpRecorder = { onOp: (node) => this.onOp(node) };

  /** Example: `const tape = new tf.GradientTape({ persistent: true })`. */
  constructor(options: GradientTapeOptions = {}) {
    this.persistent = options.persistent ?? false;
    this.watchAccessedVariables = options.watchAccessedVariables ?? true;
  }

  /**
   * Runs `fn`, recording its ops, and returns what it returned. `fn` must be
   * synchronous. Example: `const y = tape.record(() => tf.sum(tf.square(v)))`.
   */
  record<T>(fn: () => T): T {
    if (typeof fn !== "function") {
      throw new TypeError(`Argument 'fn' of GradientTape.record must be a function, but got: ${describeValue(fn)}`);
    }
    pushRecorder(this.recorder);
    let result: T;
    try {
      result = fn();
    } finally {
      removeRecorder(this.recorder);
    }
    if (result instanceof Promise) {
      throw new TypeError("GradientTape.record(fn): fn must be synchronous, but it returned a Promise; ops after an await are not recorded");
    }
    return result;
  }

  /** Watches tensors so gradients with respect to them can be taken. Example: `tape.watch(x)`. */
  watch(...tensors: (Tensor | readonly Tensor[])[]): void {
    for (const t of tensors.flat()) {
      if (!(t instanceof Tensor)) throw new TypeError(`GradientTape.watch expects tensors, but got: ${describeValue(t)}`);
      this.tracked.add(t.id);
      if (t instanceof Variable) this.variables.set(t.id, t);
    }
  }

  /** The variables this tape watches, in the order first seen. */
  watchedVariables(): Variable[] {
    return [...this.variables.values()];
  }

  private onOp(node: TapeNode): void {
    let depends = false;
    for (const t of node.inputs) {
      if (this.tracked.has(t.id)) depends = true;
      else if (this.watchAccessedVariables && t instanceof Variable && t.trainable) {
        this.watch(t);
        depends = true;
      }
    }
    if (!depends) return;
    this.nodes.push(node);
    this.tracked.add(node.output.id);
  }

  /**
   * Gradients of `target` (summed over its elements, or weighted by
   * `outputGradient`) with respect to each source: one per source, null where the
   * target does not depend on it. Gradients have their source's dtype.
   * Example: `const [dv] = tape.gradient(loss, [v])`.
   */
  gradient(target: Tensor, sources: readonly Tensor[], outputGradient?: Tensor): (Tensor | null)[];
  gradient(target: Tensor, sources: Tensor, outputGradient?: Tensor): Tensor | null;
  gradient(target: Tensor, sources: Tensor | readonly Tensor[], outputGradient?: Tensor): Tensor | null | (Tensor | null)[] {
    if (this.used && !this.persistent) {
      throw new Error("A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)");
    }
    if (!(target instanceof Tensor)) throw new TypeError(`Argument 'target' of GradientTape.gradient must be a Tensor, but got: ${describeValue(target)}`);
    const list = sources instanceof Tensor ? [sources] : sources;
    if (!Array.isArray(list) || !list.every((s) => s instanceof Tensor)) {
      throw new TypeError(`Argument 'sources' of GradientTape.gradient must be a Tensor or an array of Tensors, but got: ${describeValue(sources)}`);
    }
    if (outputGradient !== undefined && (!(outputGradient instanceof Tensor) || outputGradient.shape.join() !== target.shape.join())) {
      throw new TypeError(`Argument 'outputGradient' must be a Tensor of the target's shape ${formatShape(target.shape)}, but got: ${describeValue(outputGradient)}`);
    }
    this.used = true;
    const grads = this.backprop(target, list, outputGradient);
    if (!this.persistent) {
      this.nodes = [];
      this.tracked.clear();
    }
    return sources instanceof Tensor ? grads[0]! : grads;
  }

  private backprop(target: Tensor, sources: readonly Tensor[], outputGradient: Tensor | undefined): (Tensor | null)[] {
    // Only ops between the sources and the target matter; mark what depends on a source.
    // A source the tape never watched gets no gradient, as in TensorFlow.
    const keep = new Set(sources.filter((s) => this.tracked.has(s.id)).map((s) => s.id));
    const fromSource = new Set(keep);
    for (const node of this.nodes) {
      if (node.inputs.some((t) => fromSource.has(t.id))) fromSource.add(node.output.id);
    }
    const grads = new Map<number, Tensor>();
    if (isFloating(target.dtype)) {
      grads.set(target.id, outputGradient ? cast(outputGradient, target.dtype) : ones(target.shape, target.dtype));
    }
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      const dy = grads.get(node.output.id);
      if (!dy || !fromSource.has(node.output.id)) continue;
      if (!keep.has(node.output.id)) grads.delete(node.output.id);
      const rule = gradTable[node.prim];
      if (rule === NON_DIFFERENTIABLE) continue;
      const needs = node.inputs.map((t) => fromSource.has(t.id) && isFloating(t.dtype));
      if (!needs.some(Boolean)) continue;
      const ctx: GradContext<PrimName> = { inputs: node.inputs, output: node.output, params: node.params, needs };
      const inputGrads = (rule as GradRule<PrimName>)(dy, ctx);
      node.inputs.forEach((x, j) => {
        const g = inputGrads[j];
        if (!needs[j] || !g) return;
        if (g.shape.join() !== x.shape.join()) {
          throw new Error(`Internal error: the gradient rule of '${node.prim}' returned shape ${formatShape(g.shape)} for an input of shape ${formatShape(x.shape)}`);
        }
        const gx = cast(g, x.dtype);
        const prev = grads.get(x.id);
        grads.set(x.id, prev ? add(prev, gx) : gx);
      });
    }
    return sources.map((s) => (keep.has(s.id) ? grads.get(s.id) ?? null : null));
  }
}
