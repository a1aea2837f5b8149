/** `keras.initializers`: the classes and a resolver for identifiers. */
import { describeValue, ValueError } from "../../errors.js";
import { toSnakeCase } from "../engine/naming.js";
import { deserialize, isSerialized, lookupNamed, type SerializedObject } from "../saving/object-registry.js";
import { Constant, Initializer, Ones, RandomNormal, RandomUniform, TruncatedNormal, Zeros } from "./initializer.js";

export { Constant, Initializer, Ones, RandomNormal, RandomUniform, TruncatedNormal, Zeros };
export { GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, VarianceScaling, computeFans } from "./variance-scaling.js";

/**
 * An Initializer from an instance, a name as Keras spells it ("glorot_uniform", "GlorotUniform")
 * or in camelCase ("glorotUniform"), or a serialized initializer.
 * Example: `initializers.get("heNormal")`.
 */
export function get(identifier: Initializer | string | SerializedObject): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "string" || isSerialized(identifier)) {
    const name = typeof identifier === "string" && lookupNamed("initializer", identifier) === undefined ? toSnakeCase(identifier) : identifier;
    const init = deserialize("initializer", name);
    if (!(init instanceof Initializer)) throw new ValueError(`'${typeof identifier === "string" ? identifier : identifier.className}' is not an Initializer`);
    return init;
  }
  throw new ValueError(`Could not interpret initializer identifier: ${describeValue(identifier)}`);
}
