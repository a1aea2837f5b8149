/** `Sum` and `Mean`: metrics that reduce the values they are given (Keras's `Reduce`). */
import type { Variable } from "../../autodiff/variable.js";
import type { TensorLike } from "../../ops/creation.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { assertBroadcastable, squeezeOrExpandWeights, toFloat32 } from "../losses/losses-utils.js";
import { Metric } from "./metric.js";
import { divNoNan, snapshot, tryBroadcastWeights } from "./metrics-utils.js";
import { libraryMethods } from "../../tensor/ownership.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** Options of `Sum` and `Mean`. */
export interface ReduceOptions {
  name?: string;
}

/**
 * Shared by `Sum` and `Mean`: weighted values are summed into `total`; `Mean` also
 * counts the weights (or the values when unweighted) into `count`.
 */
abstract class Reduce extends Metric {
  protected readonly total: Variable;

  constructor(
    name: string | undefined,
    protected readonly weightedMean: boolean,
  ) {
    super(name);
    this.total = this.addWeight("total");
  }

  /**
   * Adds a batch of `values`, each weighted by `sampleWeight` (a scalar, or a tensor
   * of the values' shape or one rank more or less; weights of lower rank that do not
   * broadcast reduce the values over their extra trailing axes first, as Keras does).
   */
  override updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    const owner = `metric '${this.name}'`;
    let v = toFloat32(values, "values", owner);
    let weight: Tensor | null = null;
    if (sampleWeight != null) {
      let w = squeezeOrExpandWeights(v, toFloat32(sampleWeight, "sampleWeight", owner), owner);
      const broadcast = tryBroadcastWeights(w, v);
      if (broadcast !== null) {
        w = broadcast;
      } else if (w.rank < v.rank) {
        const axes = Array.from({ length: v.rank - w.rank }, (_, i) => w.rank + i);
        v = this.weightedMean ? ops.mean(v, axes) : ops.sum(v, axes);
      }
      assertBroadcastable(v, w, "values", "sampleWeight", owner);
      v = ops.mul(v, w);
      weight = w;
    }
    this.total.assign(ops.add(this.total, ops.sum(v)));
    this.addCount(v, weight);
  }

  /** `Mean` also counts: the weights, or the number of values when unweighted. `Sum` keeps no count. */
  protected addCount(_values: Tensor, _weight: Tensor | null): void {}
}

/**
 * The running sum of the values, as `keras.metrics.Sum`.
 * Example: `const s = new keras.metrics.Sum(); s.updateState([1, 3, 5, 7]); s.result()` is 16.
 */
export class Sum extends Reduce {
  constructor(options: ReduceOptions = {}) {
    const o = checkOptions(options, ["name"], "Sum");
    super(o.name ?? "sum", false);
  }

  override result(): Tensor {
    return snapshot(this.total);
  }
}

/**
 * The running (weighted) mean of the values, as `keras.metrics.Mean`: the weighted sum
 * over the sum of the weights, 0 before any value.
 *
 * ```ts
 * const m = new keras.metrics.Mean();
 * m.updateState([1, 2, 3, 4]);             // 2.5
 * m.updateState([5], [4]);                 // (10 + 20) / (4 + 4) = 3.75
 * m.result().dataSync();                   // Float32Array [3.75]
 * ```
 */
export class Mean extends Reduce {
  private readonly count: Variable;

  constructor(options: ReduceOptions = {}) {
    const o = checkOptions(options, ["name"], "Mean");
    super(o.name ?? "mean", true);
    this.count = this.addWeight("count");
  }

  protected override addCount(values: Tensor, weight: Tensor | null): void {
    const n = weight === null ? ops.scalar(values.size, "float32") : ops.sum(weight);
    this.count.assign(ops.add(this.count, n));
  }

  override result(): Tensor {
    return divNoNan(this.total, this.count);
  }
}

libraryMethods(Reduce, ["updateState"]);
libraryMethods(Sum, ["result"]);
libraryMethods(Mean, ["result"]);

registerBuiltIn("metric", "Mean", Mean);
registerBuiltIn("metric", "Sum", Sum);
