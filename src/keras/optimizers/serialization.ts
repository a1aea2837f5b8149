/**
 * Optimizers to and from `{ module, className, config, registeredName }` objects, and
 * `get`, which resolves what `compile({ optimizer })` accepts: an optimizer, a name, or a config.
 */
import { describeValue, ValueError } from "../../errors.js";
import { deserialize as deserializeObject, isSerialized, lookupNamed, serialize as serializeObject, type SerializedObject } from "../saving/object-registry.js";
import { Optimizer } from "./optimizer.js";

/** An optimizer as plain data (module and registeredName may be left out when it is read). */
export type SerializedOptimizer = Pick<SerializedObject, "className" | "config"> & Partial<SerializedObject>;

/** An optimizer class that `deserialize` can construct. */
export type OptimizerClass = { fromConfig(config: Record<string, unknown>): Optimizer };

/** Example: `serialize(new SGD())` is `{ module: "keras.optimizers", className: "SGD", config: { name: "SGD", learningRate: 0.01, ... }, registeredName: null }`. */
export function serialize(optimizer: Optimizer): SerializedObject {
  if (!(optimizer instanceof Optimizer)) {
    throw new TypeError(`Argument 'optimizer' of optimizers.serialize must be an Optimizer, but got: ${describeValue(optimizer)}`);
  }
  return serializeObject(optimizer);
}

function isSerializedOptimizer(value: unknown): value is SerializedOptimizer {
  return isSerialized(value) && typeof value.config === "object";
}

/**
 * The optimizer `serialize` described; `customObjects` names other optimizer classes
 * (registered ones are found without it). Built-in names are case-insensitive, as in Keras.
 * Example: `deserialize({ className: "Adam", config: { learningRate: 0.01 } })`.
 */
export function deserialize(config: SerializedOptimizer, customObjects: Record<string, OptimizerClass> = {}): Optimizer {
  if (!isSerializedOptimizer(config)) {
    throw new TypeError(`Argument 'config' of optimizers.deserialize must be { className, config }, but got: ${describeValue(config)}`);
  }
  const known = customObjects[config.className] !== undefined || lookupNamed("optimizer", config.registeredName ?? config.className) !== undefined;
  const lower = config.className.toLowerCase();
  const className = known || lookupNamed("optimizer", lower) === undefined ? config.className : lower;
  const optimizer = deserializeObject("optimizer", { ...config, className }, customObjects);
  if (!(optimizer instanceof Optimizer)) throw new ValueError(`'${config.className}' is not an Optimizer`);
  return optimizer;
}

/**
 * Keras's `optimizers.get`: an Optimizer is returned as is, a name ("sgd", "rmsprop",
 * "adam", "adamw", in any case) gives a new optimizer with Keras's defaults, and a
 * `{ className, config }` object is deserialized.
 * Example: `get("RMSprop")` is `new RMSprop()`.
 */
export function get(identifier: Optimizer | string | SerializedOptimizer): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (isSerializedOptimizer(identifier)) return deserialize(identifier);
  if (typeof identifier === "string" && lookupNamed("optimizer", identifier.toLowerCase()) !== undefined) {
    return deserialize({ className: identifier, config: {} });
  }
  throw new ValueError(
    `Could not interpret optimizer identifier: ${typeof identifier === "string" ? identifier : describeValue(identifier)} (expected an Optimizer, one of 'sgd', 'rmsprop', 'adam', 'adamw' in any case, or { className, config })`,
  );
}
