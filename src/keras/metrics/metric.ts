/**
 * The `Metric` base class: a stateful accumulator. State lives in non-trainable
 * float32 variables (Keras's `add_weight`), so results are Keras's float32 results and
 * gradient tapes never watch them.
 */
import { variable, type Variable } from "../../autodiff/variable.js";
import type { TensorLike } from "../../ops/creation.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { invoke, libraryMethods, libraryScope } from "../../tensor/ownership.js";
import { stringOption } from "../../options.js";
import { describeValue, ValueError } from "../../errors.js";
import { toSnakeCase } from "../engine/naming.js";

/** What `getConfig()` returns: the name, the dtype and the metric's own options. */
export interface MetricConfig {
  name: string;
  dtype: "float32";
  [option: string]: unknown;
}

/**
 * Base class of metrics. A subclass creates its state with `addWeight`, accumulates in
 * `updateState` and reads it in `result`; `resetState` zeroes every weight.
 *
 * ```ts
 * const m = new keras.metrics.Mean();
 * m.updateState([1, 2, 3, 4]);
 * m.result().dataSync(); // Float32Array [2.5]
 * m.resetState();
 * ```
 */
export abstract class Metric {
  readonly name: string;
  /** Metrics compute and keep their state in float32. */
  readonly dtype = "float32" as const;
  private readonly weights: Variable[] = [];

  constructor(name: string | undefined) {
    const owner = new.target.name || "Metric";
    this.name = stringOption(name, toSnakeCase(owner), "name", owner);
  }

  /** Accumulates a batch: `(values, sampleWeight?)` for `Mean`/`Sum`, `(yTrue, yPred, sampleWeight?)` for the others. */
  abstract updateState(...args: TensorLike[]): void;

  /** The metric's value from the accumulated state, a float32 tensor (a scalar for most metrics). */
  abstract result(): Tensor;

  /** Zeroes the state, as at construction. Call it between epochs. */
  resetState(): void {
    for (const w of this.weights) w.assign(ops.zeros(w.shape, "float32"));
  }

  /** Keras's `metric(...)`: `updateState(...args)`, then `result()`. Example: `epochLossAvg.apply(loss)`. */
  apply(...args: Parameters<this["updateState"]>): Tensor {
    updateMetric(this, args as TensorLike[]);
    return metricResult(this);
  }

  /** The state variables (non-trainable, float32). */
  get variables(): readonly Variable[] {
    return [...this.weights];
  }

  /** The constructor options that rebuild this metric. */
  getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }

  /** A new metric from `getConfig()`'s output (whose dtype must be float32). Example: `metrics.AUC.fromConfig(auc.getConfig())`. */
  static fromConfig<T extends Metric>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    const { dtype, ...options } = config;
    if (dtype !== undefined && dtype !== null && dtype !== "float32") {
      throw new ValueError(`kerats metrics keep their state in float32, but the config asks for dtype ${describeValue(dtype)}`);
    }
    return new this(options as never);
  }

  /** Creates a zero-initialized, non-trainable float32 state variable of `shape`. */
  protected addWeight(name: string, shape: readonly number[] = []): Variable {
    const w = libraryScope(() => variable(ops.zeros(shape, "float32"), { trainable: false, name: `${this.name}/${name}`, dtype: "float32" }));
    this.weights.push(w);
    return w;
  }
}

libraryMethods(Metric, ["resetState", "apply"]);

/** @internal `metric.updateState(...args)` from library code (a custom metric's runs as user code). */
export function updateMetric(metric: Metric, args: TensorLike[]): void {
  invoke(metric.updateState, metric, args);
}

/** @internal `metric.result()` from library code. */
export function metricResult(metric: Metric): Tensor {
  return invoke(metric.result, metric, []);
}
