/**
 * `model.compile`: resolves the optimizer, loss(es) and metrics. Under a
 * `mixed_float16` model policy the optimizer is wrapped in a LossScaleOptimizer, as
 * Keras does (not for `mixed_bfloat16`, whose range needs no loss scaling, and not
 * when it already is one).
 */
import { describeValue, ValueError } from "../../errors.js";
import { get as getLoss, type Loss, type LossIdentifier } from "../losses/index.js";
import { get as getMetric, Mean, type Metric, type MetricFunction } from "../metrics/index.js";
import type { SerializedObject } from "../saving/object-registry.js";
import { LossScaleOptimizer } from "../mixed-precision/loss-scale-optimizer.js";
import { get as getOptimizer, type Optimizer, type SerializedOptimizer } from "../optimizers/index.js";
import { checkOptions, optionKeys } from "../../options.js";
import type { Layer } from "../engine/layer.js";
import { Model as ModelBase, type Model } from "../models/model.js";

/** A metric as compile accepts it: an instance, an identifier ("accuracy", "mse", ...), a function or a serialized metric. */
export type MetricIdentifier = Metric | string | MetricFunction | SerializedObject;

export interface CompileArgs {
  /** An optimizer, its name or its serialized form (default "rmsprop", as Keras). */
  optimizer?: Optimizer | LossScaleOptimizer | string | SerializedOptimizer;
  /** One loss for every output, or one per output. */
  loss: LossIdentifier | readonly LossIdentifier[];
  /** Metrics for every output, or one list per output. */
  metrics?: readonly MetricIdentifier[] | readonly (readonly MetricIdentifier[])[];
  /** Weights of each output's loss in the total (default 1 each). */
  lossWeights?: readonly number[];
}

const COMPILE_KEYS = optionKeys<CompileArgs>({ optimizer: true, loss: true, metrics: true, lossWeights: true });

/** The resolved compile state a model trains with. */
export interface Compiled {
  readonly optimizer: Optimizer | LossScaleOptimizer;
  readonly lossScale: LossScaleOptimizer | null;
  readonly losses: readonly Loss[];
  readonly lossWeights: readonly number[];
  /** Per output: its metrics, each with the name shown in logs. */
  readonly metrics: readonly (readonly { name: string; metric: Metric }[])[];
  /** Running mean of the total loss over the epoch ("loss"). */
  readonly lossTracker: Mean;
  /** Per output, with several outputs: running mean of that output's loss ("<output>_loss"). */
  readonly outputLossTrackers: readonly { name: string; metric: Mean }[];
}

function perOutput<T>(value: T | readonly T[], outputs: number, what: string, isList: (v: unknown) => boolean): T[] {
  if (isList(value)) {
    const list = value as readonly T[];
    if (list.length !== outputs)
      throw new ValueError(
        `When passing a list as ${what}, it should have one entry per model output. The model has ${outputs} outputs, but you passed ${what}=${describeValue(list)}`,
      );
    return [...list];
  }
  return Array.from({ length: outputs }, () => value as T);
}

/**
 * kerats's optimizers keep float32 master weights (their fused updates and slots are
 * float32), so a policy whose variables are float16, bfloat16 or float64 cannot train.
 * Returns why `model` cannot be compiled for that reason, or null.
 */
export function untrainableReason(model: Model): string | null {
  const visit = (layer: Layer): string | null => {
    if (!layer.trainable) return null;
    if (layer instanceof ModelBase) {
      for (const l of layer.layers) {
        const reason = visit(l);
        if (reason !== null) return reason;
      }
      return null;
    }
    const dtype = layer.trainableWeights.find((v) => v.dtype !== "float32")?.dtype;
    if (dtype === undefined) return null;
    return (
      `layer '${layer.name}' has the dtype policy '${layer.dtypePolicy.name}', whose ${dtype} variables kerats cannot train: its optimizers update float32 variables only (float32 master weights). ` +
      `Use the 'mixed_float16' or 'mixed_bfloat16' policy (float32 variables, 16-bit compute) to train in 16 bits, or 'float32'.`
    );
  };
  return visit(model);
}

/** Resolves compile's arguments for `model`. */
export function resolveCompile(model: Model, args: CompileArgs): Compiled {
  if (typeof args !== "object" || args === null) throw new TypeError(`compile expects an options object, but got: ${describeValue(args)}`);
  checkOptions(args, COMPILE_KEYS, "compile");
  // Refused here, with the way out, rather than at the first step.
  const untrainable = untrainableReason(model);
  if (untrainable !== null) throw new ValueError(`compile: ${untrainable}`);
  if (args.loss === undefined) throw new ValueError("compile needs a `loss`");
  const outputNames = model.outputs.map((t) => t.history?.layer.name ?? t.name);
  const n = outputNames.length;
  let optimizer = getOptimizer(args.optimizer ?? "rmsprop");
  if (model.dtypePolicy.name === "mixed_float16" && !(optimizer instanceof LossScaleOptimizer)) optimizer = new LossScaleOptimizer(optimizer);
  const lossIds = perOutput<LossIdentifier>(args.loss, n, "loss", (v) => Array.isArray(v));
  const losses = lossIds.map((id) => getLoss(id));
  const lossWeights = args.lossWeights === undefined ? new Array<number>(n).fill(1) : perOutput(args.lossWeights, n, "lossWeights", Array.isArray);
  if (!lossWeights.every((w) => typeof w === "number" && Number.isFinite(w)))
    throw new ValueError(`lossWeights must be finite numbers, but got: ${describeValue(args.lossWeights)}`);
  const metricIds = args.metrics === undefined ? [] : args.metrics;
  const nested = metricIds.length > 0 && Array.isArray(metricIds[0]);
  const lists = nested
    ? perOutput(metricIds as readonly (readonly MetricIdentifier[])[], n, "metrics", () => true)
    : perOutput<readonly MetricIdentifier[]>(metricIds as readonly MetricIdentifier[], n, "metrics", () => false);
  const metrics = lists.map((list, i) =>
    list.map((id) => {
      const metric = getMetric(id, lossIds[i]);
      return { name: n > 1 ? `${outputNames[i]}_${metric.name}` : metric.name, metric };
    }),
  );
  return {
    optimizer,
    lossScale: optimizer instanceof LossScaleOptimizer ? optimizer : null,
    losses,
    lossWeights,
    metrics,
    lossTracker: new Mean({ name: "loss" }),
    outputLossTrackers: n > 1 ? outputNames.map((o) => ({ name: `${o}_loss`, metric: new Mean({ name: `${o}_loss` }) })) : [],
  };
}
