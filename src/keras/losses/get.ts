/**
 * `keras.losses.get`: a Loss from whatever `compile({ loss })` accepts. It always
 * returns a `Loss`, so the trainer can call `loss.apply(yTrue, yPred, sampleWeight)`
 * whatever it was given (Keras's compile wraps functions the same way).
 */
import { describeValue, ValueError } from "../../errors.js";
import { BinaryCrossentropy, binaryCrossentropy } from "./binary-crossentropy.js";
import { CategoricalCrossentropy, categoricalCrossentropy } from "./categorical-crossentropy.js";
import { Huber, huber } from "./huber.js";
import { Loss, LossFunctionWrapper, type LossFunction } from "./loss.js";
import { deserialize, isSerialized, lookupNamed, registerBuiltIn, type SerializedObject } from "../saving/object-registry.js";
import { MeanAbsoluteError, meanAbsoluteError } from "./mean-absolute-error.js";
import { MeanSquaredError, meanSquaredError } from "./mean-squared-error.js";
import { SparseCategoricalCrossentropy, sparseCategoricalCrossentropy } from "./sparse-categorical-crossentropy.js";

/** What `get` accepts: a Loss, a Loss subclass, a loss function, or a name. */
export type LossIdentifier = Loss | string | LossFunction | (new () => Loss);

/** Any loss function, as a key: only its identity matters. */
type AnyFunction = ((...args: never[]) => unknown) | (new (...args: never[]) => unknown);

const factories: ReadonlyArray<readonly [readonly string[], AnyFunction, () => Loss]> = [
  [
    ["sparse_categorical_crossentropy", "sparseCategoricalCrossentropy", "SparseCategoricalCrossentropy"],
    sparseCategoricalCrossentropy,
    () => new SparseCategoricalCrossentropy(),
  ],
  [["categorical_crossentropy", "categoricalCrossentropy", "CategoricalCrossentropy"], categoricalCrossentropy, () => new CategoricalCrossentropy()],
  [["binary_crossentropy", "bce", "BCE", "binaryCrossentropy", "BinaryCrossentropy"], binaryCrossentropy, () => new BinaryCrossentropy()],
  [["mean_squared_error", "mse", "MSE", "meanSquaredError", "MeanSquaredError"], meanSquaredError, () => new MeanSquaredError()],
  [["mean_absolute_error", "mae", "MAE", "meanAbsoluteError", "MeanAbsoluteError"], meanAbsoluteError, () => new MeanAbsoluteError()],
  [["huber", "huber_loss", "Huber"], huber, () => new Huber()],
];

// The functions too, under their Keras names, so a LossFunctionWrapper of one saves and loads.
for (const [names, fn] of factories) registerBuiltIn("loss", names[0]!, fn as LossFunction, { aliases: names.slice(1).filter((n) => !/^[A-Z][a-z]/.test(n)) });

const byName = new Map<string, () => Loss>(factories.flatMap(([names, , make]) => names.map((n) => [n, make] as const)));
const byFunction = new Map<AnyFunction, () => Loss>(factories.map(([, fn, make]) => [fn, make] as const));

/**
 * The Loss an identifier names: a Loss instance is returned as is; a Loss subclass is
 * instantiated; the built-in functions map to their classes; another function
 * `(yTrue, yPred) => Tensor` is wrapped in a `LossFunctionWrapper`; names follow Keras
 * ("sparse_categorical_crossentropy", "mse", ...) or camelCase ("meanSquaredError").
 *
 * ```ts
 * keras.losses.get("sparse_categorical_crossentropy"); // a SparseCategoricalCrossentropy
 * keras.losses.get((yTrue, yPred) => tf.mean(tf.abs(tf.sub(yPred, yTrue)), -1));
 * ```
 */
export function get(identifier: LossIdentifier | SerializedObject): Loss {
  if (identifier instanceof Loss) return identifier;
  if (isSerialized(identifier)) {
    // A function as Keras serializes it names a built-in or registered function.
    if (identifier.className === "function" && typeof identifier.config === "string") {
      if (byName.has(identifier.config)) return byName.get(identifier.config)!();
      return get(deserialize("loss", identifier) as unknown as LossFunction);
    }
    const loss = deserialize("loss", identifier);
    if (!(loss instanceof Loss)) throw new ValueError(`'${identifier.className}' is not a Loss`);
    return loss;
  }
  if (typeof identifier === "string") {
    const make = byName.get(identifier);
    if (make) return make();
    const registered = lookupNamed("loss", identifier);
    if (registered) return get(registered.fromConfig ? (registered.fromConfig({}) as Loss) : (registered.target as LossFunction));
  } else if (typeof identifier === "function") {
    if (identifier.prototype instanceof Loss) return new (identifier as new () => Loss)();
    const make = byFunction.get(identifier);
    return make ? make() : new LossFunctionWrapper(identifier as LossFunction);
  }
  const shown = typeof identifier === "string" ? identifier : describeValue(identifier);
  throw new ValueError(`Could not interpret loss function identifier: ${shown}`);
}
