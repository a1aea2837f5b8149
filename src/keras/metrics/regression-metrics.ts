/** `MeanSquaredError` and `MeanAbsoluteError` metrics: running weighted means of the loss functions, as Keras's. */
import { meanAbsoluteError } from "../losses/mean-absolute-error.js";
import { meanSquaredError } from "../losses/mean-squared-error.js";
import { checkOptions } from "../../options.js";
import { registerBuiltIn } from "../saving/object-registry.js";
import { MeanMetricWrapper } from "./mean-metric-wrapper.js";

/** Options of the regression metrics. */
export interface RegressionMetricOptions {
  name?: string;
}

/**
 * The mean of `(yTrue - yPred)²` over the last axis, averaged over examples, as `keras.metrics.MeanSquaredError`.
 * Example: `m.updateState([[0, 1]], [[1, 1]])` gives 0.5.
 */
export class MeanSquaredError extends MeanMetricWrapper {
  constructor(options: RegressionMetricOptions = {}) {
    const o = checkOptions(options, ["name"], "MeanSquaredError");
    super(meanSquaredError, { name: o.name ?? "mean_squared_error" });
  }
}

/**
 * The mean of `|yTrue - yPred|` over the last axis, averaged over examples, as `keras.metrics.MeanAbsoluteError`.
 * Example: `m.updateState([[0, 1]], [[1, 1]])` gives 0.5.
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  constructor(options: RegressionMetricOptions = {}) {
    const o = checkOptions(options, ["name"], "MeanAbsoluteError");
    super(meanAbsoluteError, { name: o.name ?? "mean_absolute_error" });
  }
}

registerBuiltIn("metric", "MeanSquaredError", MeanSquaredError);
registerBuiltIn("metric", "MeanAbsoluteError", MeanAbsoluteError);
