/**
 * GradientTape: records the ops run inside `record(fn)` that depend on watched
 * tensors (trainable variables are watched automatically) and computes gradients by
 * walking the record backwards through the gradient table.
 *
 * Memory: for each recorded op the tape keeps its own views of only the values that
 * op's gradient rule reads (the table's `saves`), so the library is free to dispose
 * everything else the moment its scope ends. A non-persistent tape releases an op's
 * views as soon as its rule has run, and all of them when `gradient` returns; a
 * persistent one keeps them until `dispose()` or until it is collected. Intermediate
 * gradients are disposed as soon as they have been propagated.
 */
import { isFloating } from "../dtype/index.js";
import { describeValue, formatShape } from "../errors.js";
import { cast } from "../ops/cast.js";
import { ones } from "../ops/creation.js";
import { add } from "../ops/elementwise.js";
import { donate, pushRecorder, removeRecorder, type OpRecorder, type TapeNode } from "../ops/engine.js";
import { NON_DIFFERENTIABLE, type GradContext, type GradEntry, type GradRule } from "../ops/gradients/grad-rule.js";
import { gradTable } from "../ops/gradients/grad-table.js";
import type { PrimName, PrimitiveParams } from "../backend/primitives.js";
import { Tensor } from "../tensor/tensor.js";
import { disposeIfCurrent, libraryScope } from "../tensor/ownership.js";
import { Variable } from "./variable.js";

export interface GradientTapeOptions {
  /** Allow several `gradient` calls; the record lives as long as the tape. Default false. */
  persistent?: boolean;
  /** Watch trainable variables when ops read them. Default true. */
  watchAccessedVariables?: boolean;
}

/** One recorded op: ids for the graph, the tape's own views for its rule. */
interface Entry {
  readonly prim: PrimName;
  readonly params: PrimitiveParams[PrimName];
  readonly inputIds: readonly number[];
  readonly outputId: number;
  /** Inputs that depended on a watched tensor when the op ran: only they can get a gradient (as in TensorFlow). */
  readonly recorded: readonly boolean[];
  /** Held views of the inputs the rule reads; data-less shells for the rest. */
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
}

/** Keeps a view of `t` when `keep`, else a data-less shell with its id, shape and dtype. */
function save(t: Tensor, keep: boolean): Tensor {
  return keep ? t.holdView() : Tensor.shell(t.id, t.shape, t.dtype);
}

function release(entry: Entry): void {
  for (const t of entry.inputs) t.dispose();
  entry.output.dispose();
}

/**
 * The running gradients by tensor id. One tensor may sit under several ids (a rule can
 * return the same tensor for two inputs), so each is disposed once the map no longer
 * holds it, and only if the backward pass made it.
 */
class GradMap {
  private readonly byId = new Map<number, Tensor>();
  private readonly holds = new Map<Tensor, number>();

  get(id: number): Tensor | undefined {
    return this.byId.get(id);
  }

  /** Whether `t` is held under one id only. */
  heldOnce(t: Tensor): boolean {
    return this.holds.get(t) === 1;
  }

  set(id: number, t: Tensor): void {
    this.holds.set(t, (this.holds.get(t) ?? 0) + 1);
    this.delete(id);
    this.byId.set(id, t);
  }

  delete(id: number): void {
    const t = this.byId.get(id);
    if (t === undefined) return;
    this.byId.delete(id);
    const n = this.holds.get(t)! - 1;
    if (n > 0) this.holds.set(t, n);
    else {
      this.holds.delete(t);
      disposeIfCurrent(t);
    }
  }
}

export class GradientTape {
  readonly persistent: boolean;
  readonly watchAccessedVariables: boolean;
  private nodes: Entry[] = [];
  /** Ids of tensors that are watched or computed from watched ones. */
  private readonly tracked = new Set<number>();
  private readonly variables = new Map<number, Variable>();
  private used = false;
  private disposed = false;
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
      result.catch(() => {}); // abandoned: its later failure must not crash the process
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
    const entry = gradTable[node.prim];
    // Which inputs may need a gradient; the ones `gradient` asks for are a subset.
    const needs = node.inputs.map((t) => this.tracked.has(t.id) && isFloating(t.dtype));
    const saved = entry === NON_DIFFERENTIABLE || !needs.some(Boolean) ? null : (entry as GradEntry<PrimName>).saves(needs, node.params as never);
    this.nodes.push({
      prim: node.prim,
      params: node.params,
      inputIds: node.inputs.map((t) => t.id),
      outputId: node.output.id,
      recorded: needs,
      inputs: node.inputs.map((t, i) => save(t, saved?.inputs[i] ?? false)),
      output: save(node.output, saved?.output ?? false),
    });
    this.tracked.add(node.output.id);
  }

  /**
   * Releases what the tape saved (a persistent tape keeps it until this or until it is
   * collected). The tape can no longer compute gradients. Example: `tape.dispose()`.
   */
  dispose(): void {
    for (const entry of this.nodes) release(entry);
    this.nodes = [];
    this.tracked.clear();
    this.used = true;
    this.disposed = true;
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
    if (this.disposed) throw new Error("GradientTape.gradient: this tape was disposed and holds no record");
    if (this.used && !this.persistent) {
      throw new Error("A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)");
    }
    if (!(target instanceof Tensor)) throw new TypeError(`Argument 'target' of GradientTape.gradient must be a Tensor, but got: ${describeValue(target)}`);
    const list = sources instanceof Tensor ? [sources] : sources;
    if (!Array.isArray(list) || !list.every((s) => s instanceof Tensor)) {
      throw new TypeError(`Argument 'sources' of GradientTape.gradient must be a Tensor or an array of Tensors, but got: ${describeValue(sources)}`);
    }
    if (outputGradient !== undefined && (!(outputGradient instanceof Tensor) || outputGradient.shape.join() !== target.shape.join())) {
      throw new TypeError(
        `Argument 'outputGradient' must be a Tensor of the target's shape ${formatShape(target.shape)}, but got: ${describeValue(outputGradient)}`,
      );
    }
    this.used = true;
    let grads: (Tensor | null)[];
    try {
      grads = libraryScope(() => this.backprop(target, list, outputGradient));
    } finally {
      if (!this.persistent) {
        for (const entry of this.nodes) release(entry);
        this.nodes = [];
        this.tracked.clear();
      }
    }
    return sources instanceof Tensor ? grads[0]! : grads;
  }

  private backprop(target: Tensor, sources: readonly Tensor[], outputGradient: Tensor | undefined): (Tensor | null)[] {
    // Only ops between the sources and the target matter; mark what depends on a source.
    // A source the tape never watched gets no gradient, as in TensorFlow.
    const keep = new Set(sources.filter((s) => this.tracked.has(s.id)).map((s) => s.id));
    const fromSource = new Set(keep);
    for (const node of this.nodes) {
      if (node.inputIds.some((id) => fromSource.has(id))) fromSource.add(node.outputId);
    }
    const grads = new GradMap();
    if (isFloating(target.dtype)) {
      grads.set(target.id, outputGradient ? cast(outputGradient, target.dtype) : ones(target.shape, target.dtype));
    }
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      const dy = grads.get(node.outputId);
      const entry = gradTable[node.prim];
      if (dy && fromSource.has(node.outputId) && entry !== NON_DIFFERENTIABLE) {
        const needs = node.inputIds.map((id, j) => node.recorded[j]! && fromSource.has(id));
        if (needs.some(Boolean)) {
          // dy is dead after this rule unless it is a source's gradient or held under another id too.
          const dead = !keep.has(node.outputId) && grads.heldOnce(dy);
          const updates = libraryScope(() => this.propagate(node, (entry as GradEntry<PrimName>).rule, dy, needs, grads, dead));
          for (const [id, g] of updates) grads.set(id, g);
        }
      }
      // The output's gradient has been propagated: drop it unless it is a source's.
      if (!keep.has(node.outputId)) grads.delete(node.outputId);
      if (!this.persistent) release(node);
    }
    return sources.map((s) => (keep.has(s.id) ? (grads.get(s.id) ?? null) : null));
  }

  /** Runs one rule; returns the new accumulated gradient of each input it reached. */
  private propagate(node: Entry, rule: GradRule<PrimName>, dy: Tensor, needs: boolean[], grads: GradMap, dyDead: boolean): [number, Tensor][] {
    const consume = (t: Tensor): Tensor => (dyDead && t === dy ? donate(t) : t);
    const ctx: GradContext<PrimName> = { inputs: node.inputs, output: node.output, params: node.params, needs, consume };
    const inputGrads = rule(dy, ctx);
    const next = new Map<number, Tensor>();
    node.inputs.forEach((x, j) => {
      const g = inputGrads[j];
      if (!needs[j] || !g) return;
      if (g.shape.join() !== x.shape.join()) {
        throw new Error(
          `Internal error: the gradient rule of '${node.prim}' returned shape ${formatShape(g.shape)} for an input of shape ${formatShape(x.shape)}`,
        );
      }
      const id = node.inputIds[j]!;
      const gx = cast(g, x.dtype);
      const prev = next.get(id) ?? grads.get(id);
      next.set(id, prev ? add(prev, gx) : gx);
    });
    return [...next];
  }
}
