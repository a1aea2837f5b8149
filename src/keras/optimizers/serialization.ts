/**
 * Optimizers to and from `{ className, config }` objects, and `get`, which resolves
 * what `compile({ optimizer })` accepts: an optimizer, a name, or a config.
 */
import { describeValue, ValueError } from "../../errors.js";
import { Adam } from "./adam.js";
import { AdamW } from "./adamw.js";
import { Optimizer } from "./optimizer.js";
import { RMSprop } from "./rmsprop.js";
import { SGD } from "./sgd.js";

/** An optimizer as plain data. */
export type SerializedOptimizer = { className: string; config: Record<string, unknown> };

/** An optimizer class that `deserialize` can construct. */
export type OptimizerClass = { fromConfig(config: Record<string, unknown>): Optimizer };

// Keyed by lower case: Keras makes built-in names case-insensitive ("Adam", "adam", "ADAM").
const BUILT_IN: Record<string, OptimizerClass> = { sgd: SGD, rmsprop: RMSprop, adam: Adam, adamw: AdamW };

/** Example: `serialize(new SGD())` is `{ className: "SGD", config: { name: "SGD", learningRate: 0.01, ... } }`. */
export function serialize(optimizer: Optimizer): SerializedOptimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new TypeError(`Argument 'optimizer' of optimizers.serialize must be an Optimizer, but got: ${describeValue(optimizer)}`);
  }
  const ctor = optimizer.constructor as typeof Optimizer;
  const className = Object.hasOwn(ctor, "className") ? ctor.className : ctor.name;
  return { className, config: optimizer.getConfig() };
}

function isSerialized(value: unknown): value is SerializedOptimizer {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.className === "string" && v.config !== null && typeof v.config === "object";
}

function lookup(className: string, customObjects: Record<string, OptimizerClass>): OptimizerClass | undefined {
  return customObjects[className] ?? BUILT_IN[className.toLowerCase()];
}

/**
 * The optimizer `serialize` described; `customObjects` names other optimizer classes.
 * Example: `deserialize({ className: "Adam", config: { learningRate: 0.01 } })`.
 */
export function deserialize(config: SerializedOptimizer, customObjects: Record<string, OptimizerClass> = {}): Optimizer {
  if (!isSerialized(config)) {
    throw new TypeError(`Argument 'config' of optimizers.deserialize must be { className, config }, but got: ${describeValue(config)}`);
  }
  const cls = lookup(config.className, customObjects);
  if (cls === undefined) {
    throw new ValueError(
      `Unknown optimizer: '${config.className}'. Known optimizers are 'sgd', 'rmsprop', 'adam', 'adamw' (in any case); pass others in \`customObjects\``,
    );
  }
  return cls.fromConfig({ ...config.config });
}

/**
 * Keras's `optimizers.get`: an Optimizer is returned as is, a name ("sgd", "rmsprop",
 * "adam", "adamw", in any case) gives a new optimizer with Keras's defaults, and a
 * `{ className, config }` object is deserialized.
 * Example: `get("RMSprop")` is `new RMSprop()`.
 */
export function get(identifier: Optimizer | string | SerializedOptimizer): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (isSerialized(identifier)) return deserialize(identifier);
  if (typeof identifier === "string") {
    const cls = lookup(identifier, {});
    if (cls !== undefined) return cls.fromConfig({});
  }
  throw new ValueError(
    `Could not interpret optimizer identifier: ${typeof identifier === "string" ? identifier : describeValue(identifier)} (expected an Optimizer, one of 'sgd', 'rmsprop', 'adam', 'adamw' in any case, or { className, config })`,
  );
}
