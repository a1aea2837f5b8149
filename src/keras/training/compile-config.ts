/**
 * Keras's `compile_config`: what `compile` was given, as data (the optimizer with its
 * config, the loss and metric identifiers), and the inverse, which compiles a loaded
 * model the same way. Names stay names ("sparse_categorical_crossentropy",
 * "accuracy"), objects are serialized, functions are saved by their Keras or
 * registered name.
 */
import { describeValue, ValueError } from "../../errors.js";
import { Loss, LossFunctionWrapper } from "../losses/index.js";
import { MeanMetricWrapper, Metric } from "../metrics/index.js";
import { builtInNameOf, isSerialized, registeredNameOf, serialize } from "../saving/object-registry.js";
import { deserialize as deserializeOptimizer } from "../optimizers/serialization.js";
import type { CompileArgs, Compiled } from "./compile.js";

/** What this module needs of a model. */
interface CompiledModel {
  readonly name: string;
  readonly compileArguments: CompileArgs | null;
  readonly compiledState: Compiled | null;
  compile(args: CompileArgs): void;
}

/** A loss or metric identifier as data; throws for what cannot be found again on load. */
function identifierConfig(id: unknown, what: "loss" | "metric", model: string): unknown {
  if (typeof id === "string") return id;
  if (Array.isArray(id)) return id.map((x) => identifierConfig(x, what, model));
  const unsaveable = (name: string) =>
    new ValueError(
      `Cannot save model '${model}': its ${what} ${name} is neither built in nor registered; register it with keras.saving.registerSerializable so that loading finds it`,
    );
  if (id instanceof LossFunctionWrapper || id instanceof MeanMetricWrapper) {
    // A wrapper's config holds its function, which must be built in or registered.
    try {
      return serialize(id);
    } catch {
      throw unsaveable(id.fn.name || "(anonymous function)");
    }
  }
  if (id instanceof Loss || id instanceof Metric) return serialize(id);
  if (typeof id === "function") {
    const builtIn = builtInNameOf(id as (...args: never[]) => unknown);
    if (builtIn !== undefined) return builtIn;
    if (id.prototype instanceof Loss || id.prototype instanceof Metric) return registeredNameOf(id as new () => Loss);
    try {
      return serialize(id as (...args: never[]) => unknown);
    } catch {
      throw unsaveable(id.name || "(anonymous function)");
    }
  }
  return serialize(id as object);
}

/** `compile_config` (camelCase), or null before compile. Example: `compileConfig(model).loss` is "sparse_categorical_crossentropy". */
export function compileConfig(model: CompiledModel): Record<string, unknown> | null {
  const args = model.compileArguments;
  const compiled = model.compiledState;
  if (args === null || compiled === null) return null;
  return {
    // The optimizer that trains, a LossScaleOptimizer included: Keras writes the one compile was
    // given, so its own files of mixed_float16 models lose the loss scale's state on load
    // unless the global policy is mixed_float16 then; these load with it whatever the policy.
    optimizer: serialize(compiled.optimizer),
    loss: identifierConfig(args.loss, "loss", model.name),
    lossWeights: args.lossWeights === undefined ? null : [...args.lossWeights],
    metrics: args.metrics === undefined ? null : identifierConfig(args.metrics, "metric", model.name),
    weightedMetrics: null,
    runEagerly: false,
    stepsPerExecution: 1,
    jitCompile: false,
  };
}

/** A loss or metric identifier from its saved form: names stay names, serialized objects go to compile, which resolves both. */
function identifierFromConfig(value: unknown, what: "loss" | "metric", file: string): unknown {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => identifierFromConfig(v, what, file));
  if (isSerialized(value)) return value;
  throw new ValueError(`${file}: the compile config's ${what} must be a name, a serialized object or a list of them, but got: ${describeValue(value)}`);
}

/**
 * Compiles `model` from `config` (camelCase) as Keras's `compile_from_config` does.
 * The options that only change how Keras runs (`runEagerly`, `jitCompile`,
 * `stepsPerExecution`) do not change results and are ignored; weighted metrics are refused.
 */
export function compileFromConfig(model: CompiledModel, config: Record<string, unknown>, file: string): void {
  const { optimizer, loss, lossWeights, metrics, weightedMetrics } = config;
  if (weightedMetrics !== undefined && weightedMetrics !== null && !(Array.isArray(weightedMetrics) && weightedMetrics.length === 0)) {
    throw new ValueError(`${file}: the model was compiled with weighted_metrics, which kerats does not support`);
  }
  for (const [key, value] of [
    ["loss", loss],
    ["metrics", metrics],
    ["loss_weights", lossWeights],
  ] as const) {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !isSerialized(value)) {
      throw new ValueError(`${file}: the compile config's ${key} is a dict by output name, which kerats does not support (pass lists in output order)`);
    }
  }
  const args: CompileArgs = {
    optimizer: isSerialized(optimizer) ? deserializeOptimizer(optimizer as never) : (optimizer as string | undefined),
    loss: identifierFromConfig(loss, "loss", file) as CompileArgs["loss"],
  };
  if (metrics !== null && metrics !== undefined) args.metrics = identifierFromConfig(metrics, "metric", file) as CompileArgs["metrics"];
  if (lossWeights !== null && lossWeights !== undefined) args.lossWeights = lossWeights as number[];
  model.compile(args);
}
