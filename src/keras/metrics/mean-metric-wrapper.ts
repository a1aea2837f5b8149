/** `MeanMetricWrapper`: the running mean of a per-example function of (yTrue, yPred). */
import { describeValue } from "../../errors.js";
import type { TensorLike } from "../../ops/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { squeezeOrExpand, toFloat32 } from "../losses/losses-utils.js";
import { Mean } from "./reduction-metrics.js";
import { invoke, libraryMethods } from "../../tensor/ownership.js";
import { deserialize, serialize } from "../saving/object-registry.js";
import type { Metric, MetricConfig } from "./metric.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";

/** A per-example metric function, e.g. a loss function or `binaryAccuracy`. */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * The weighted mean of `fn(yTrue, yPred)` over every example seen, as Keras's
 * `MeanMetricWrapper`: labels and predictions are cast to float32 and get Keras's rank
 * fix-up (a trailing axis of 1 is squeezed when the ranks differ by one) first.
 *
 * ```ts
 * const m = new keras.metrics.MeanMetricWrapper(keras.losses.meanSquaredError, { name: "mse" });
 * m.updateState([[0, 1]], [[1, 1]]);
 * m.result().dataSync(); // Float32Array [0.5]
 * ```
 */
export class MeanMetricWrapper extends Mean {
  readonly fn: MetricFunction;

  constructor(fn: MetricFunction, options: { name?: string } = {}) {
    if (typeof fn !== "function") {
      throw new TypeError(`Argument 'fn' of MeanMetricWrapper must be a function (yTrue, yPred) => Tensor, but got: ${describeValue(fn)}`);
    }
    const o = checkOptions(options, ["name"], "MeanMetricWrapper");
    super({ name: o.name ?? (fn.name || "mean_metric_wrapper") });
    this.fn = fn;
  }

  /** Adds a batch: `fn(yTrue, yPred)` per example, weighted by `sampleWeight`. */
  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const owner = `metric '${this.name}'`;
    const [p, t] = squeezeOrExpand(toFloat32(yPred, "yPred", owner), toFloat32(yTrue, "yTrue", owner));
    const matches = invoke(this.fn, undefined, [t, p]);
    if (!(matches instanceof Tensor)) {
      throw new TypeError(`The function of ${owner} must return a Tensor, but returned: ${describeValue(matches)}`);
    }
    super.updateState(matches, sampleWeight);
  }

  /** A wrapper's config holds its function (built in or registered); a subclass's options say it. */
  override getConfig(): MetricConfig {
    const config = super.getConfig();
    return this.constructor === MeanMetricWrapper ? { ...config, fn: serialize(this.fn) } : config;
  }

  /** Example: `MeanMetricWrapper.fromConfig(wrapper.getConfig())`. */
  static override fromConfig<T extends Metric>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    // Only a MeanMetricWrapper's own config has `fn`; its subclasses' options are all in theirs.
    const { fn, dtype: _, ...options } = config;
    if (fn === undefined) return new this(options as never);
    return new this(deserialize("metric", fn) as never, options as never);
  }
}

libraryMethods(MeanMetricWrapper, ["updateState"]);

registerBuiltIn("metric", "MeanMetricWrapper", MeanMetricWrapper);
