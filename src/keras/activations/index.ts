/** `keras.activations`: the functions and a resolver for identifiers. */
import { describeValue, ValueError } from "../../errors.js";
import { toSnakeCase } from "../engine/naming.js";
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

for (const fn of Object.values(byName)) libraryCode(fn);

/** The Keras name of a built-in activation (for configs and summaries), or undefined. */
export function nameOf(fn: Activation): string | undefined {
  return Object.entries(byName).find(([, f]) => f === fn)?.[0];
}

/**
 * An activation from a function, a name as Keras spells it ("leaky_relu") or in
 * camelCase ("leakyRelu"), or null/undefined for linear. Example: `activations.get("relu")`.
 */
export function get(identifier: Activation | string | null | undefined): Activation {
  if (identifier === null || identifier === undefined) return fns.linear;
  if (typeof identifier === "function") return identifier;
  if (typeof identifier === "string") {
    const fn = byName[toSnakeCase(identifier)];
    if (fn) return fn;
    throw new ValueError(
      `Unknown activation function: '${identifier}'. Valid names are ${Object.keys(byName)
        .map((n) => `'${n}'`)
        .join(", ")}.`,
    );
  }
  throw new TypeError(`Could not interpret activation function identifier: ${describeValue(identifier)}`);
}
