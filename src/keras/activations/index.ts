/** `keras.activations`: the functions and a resolver for identifiers. */
import { describeValue, ValueError } from "../../errors.js";
import { toSnakeCase } from "../engine/naming.js";
import { builtInNameOf, deserialize, isSerialized, lookupNamed, registerBuiltIn, serialize, type SerializedObject } from "../saving/object-registry.js";
import * as fns from "./activations.js";
import type { Activation } from "./activations.js";
import { libraryCode } from "../../tensor/ownership.js";

export * from "./activations.js";

const byName: Record<string, Activation> = {
  linear: fns.linear,
  relu: fns.relu,
  sigmoid: fns.sigmoid,
  tanh: fns.tanh,
  softmax: fns.softmax,
  gelu: fns.gelu,
  softplus: fns.softplus,
  swish: fns.swish,
  silu: fns.swish,
  elu: fns.elu,
  selu: fns.selu,
  leaky_relu: fns.leakyRelu,
};

for (const [name, fn] of Object.entries(byName)) {
  libraryCode(fn);
  registerBuiltIn("activation", name, fn);
}

/** The Keras name of a built-in activation (for configs and summaries), or undefined. */
export function nameOf(fn: Activation): string | undefined {
  return builtInNameOf(fn);
}

/**
 * An activation as a layer's config holds it: a built-in's Keras name ("relu"), a
 * registered function's serialized form. Throws for a function that is neither.
 * Example: `activations.serialize(activations.relu)` is "relu".
 */
export function serializeActivation(fn: Activation): string | SerializedObject<string> {
  return nameOf(fn) ?? serialize(fn);
}

/**
 * An activation from a function, a name as Keras spells it ("leaky_relu") or in
 * camelCase ("leakyRelu"), a registered function's name or serialized form, or
 * null/undefined for linear. Example: `activations.get("relu")`.
 */
export function get(identifier: Activation | string | SerializedObject<string> | null | undefined): Activation {
  if (identifier === null || identifier === undefined) return fns.linear;
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    const entry = lookupNamed("activation", identifier) ?? lookupNamed("activation", toSnakeCase(identifier));
    if (entry && typeof entry.target === "function") return entry.target as Activation;
    throw new ValueError(
      `Unknown activation function: '${identifier}'. Valid names are ${Object.keys(byName)
        .map((n) => `'${n}'`)
        .join(", ")}.`,
    );
  }
  if (isSerialized(identifier)) return deserialize("activation", identifier);
  throw new TypeError(`Could not interpret activation function identifier: ${describeValue(identifier)}`);
}

export { serializeActivation as serialize };
