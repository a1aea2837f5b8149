/** `keras.initializers`: the classes and a resolver for identifiers. */
import { describeValue, ValueError } from "../../errors.js";
import { toSnakeCase } from "../engine/naming.js";
import { Constant, Initializer, Ones, RandomNormal, RandomUniform, TruncatedNormal, Zeros } from "./initializer.js";
import { GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, VarianceScaling } from "./variance-scaling.js";

export { Constant, Initializer, Ones, RandomNormal, RandomUniform, TruncatedNormal, Zeros };
export { GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, VarianceScaling, computeFans } from "./variance-scaling.js";

const byName: Record<string, () => Initializer> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: () => new Constant(),
  random_normal: () => new RandomNormal(),
  random_uniform: () => new RandomUniform(),
  truncated_normal: () => new TruncatedNormal(),
  variance_scaling: () => new VarianceScaling(),
  glorot_uniform: () => new GlorotUniform(),
  glorot_normal: () => new GlorotNormal(),
  he_uniform: () => new HeUniform(),
  he_normal: () => new HeNormal(),
  lecun_normal: () => new LecunNormal(),
};

/**
 * An Initializer from an instance or a name as Keras spells it ("glorot_uniform") or
 * in camelCase ("glorotUniform"). Example: `initializers.get("heNormal")`.
 */
export function get(identifier: Initializer | string): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "string") {
    const make = byName[toSnakeCase(identifier)];
    if (make) return make();
    throw new ValueError(
      `Unknown initializer: '${identifier}'. Valid names are ${Object.keys(byName)
        .map((n) => `'${n}'`)
        .join(", ")}.`,
    );
  }
  throw new ValueError(`Could not interpret initializer identifier: ${describeValue(identifier)}`);
}
