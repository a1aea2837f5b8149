/**
 * Configs between TypeScript's camelCase (`getConfig`, `fromConfig`) and Keras files'
 * snake_case (`config.json`): every key of every object is converted, values are not.
 * "useBias" is "use_bias", "beta1" is "beta_1" (a digit after a letter starts a word,
 * as in Keras's names), and back.
 */
import { ValueError } from "../../errors.js";
import { toSnakeCase } from "../engine/naming.js";

/** Example: `toSnakeKey("globalClipnorm")` is "global_clipnorm", `toSnakeKey("beta1")` is "beta_1". */
export function toSnakeKey(key: string): string {
  return toSnakeCase(key).replace(/([a-z])([0-9])/g, "$1_$2");
}

/** Example: `toCamelKey("use_bias")` is "useBias", `toCamelKey("beta_1")` is "beta1"; `__dunder__` names stay. */
export function toCamelKey(key: string): string {
  if (key.startsWith("__")) return key;
  return key.replace(/([a-zA-Z0-9])_+([a-z0-9])/g, (_, a: string, b: string) => a + b.toUpperCase());
}

function convert(value: unknown, key: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, key));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [key(k), convert(v, key)]));
}

/** A config (or any JSON value) with snake_case keys, for a Keras file. */
export function toKerasJson(value: unknown): unknown {
  return convert(value, toSnakeKey);
}

/** A config read from a Keras file, with camelCase keys. */
export function fromKerasJson(value: unknown): unknown {
  return convert(value, toCamelKey);
}

/**
 * Options Keras writes that kerats does not have, at the values that mean "not used",
 * per the module of the object they appear in (camelCase). A file that uses one
 * (a regularizer, an EMA of the weights, ...) is refused: it would load as a different model.
 */
const KERAS_ONLY: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "keras.layers": {
    kernelRegularizer: null,
    biasRegularizer: null,
    activityRegularizer: null,
    kernelConstraint: null,
    biasConstraint: null,
    quantizationConfig: null,
    loraRank: null,
    loraAlpha: null,
    sparse: false,
    ragged: false,
    optional: false,
    dataFormat: "channels_last",
  },
  "keras.initializers": { inputAxes: null, outputAxes: null },
  "keras.optimizers": { useEma: false, emaOverwriteFrequency: null, lossScaleFactor: null, gradientAccumulationSteps: null },
  "keras.losses": { ignoreClass: null, dtype: null },
  "keras.metrics": { dtype: "float32" },
};

/** Keys whose value does not matter once the option they go with is unused. */
const IGNORED: Readonly<Record<string, readonly string[]>> = { "keras.optimizers": ["emaMomentum"] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `json` (camelCase, as `fromKerasJson` gives it) without the Keras-only options at
 * their unused values; one in use throws, naming the object and the file.
 */
export function dropKerasOnlyOptions(json: unknown, file: string): unknown {
  if (Array.isArray(json)) return json.map((v) => dropKerasOnlyOptions(v, file));
  if (!isObject(json)) return json;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) if (k !== "sharedObjectId") out[k] = dropKerasOnlyOptions(v, file);
  const module = typeof out.module === "string" ? out.module.replace(/^keras\.src\.(\w+).*$/, "keras.$1") : null;
  if (module !== null && typeof out.className === "string" && isObject(out.config)) {
    const config = { ...out.config };
    const unused = KERAS_ONLY[module] ?? {};
    for (const key of Object.keys(config)) {
      if (IGNORED[module]?.includes(key)) {
        delete config[key];
      } else if (Object.hasOwn(unused, key)) {
        if (JSON.stringify(config[key]) !== JSON.stringify(unused[key])) {
          const name = typeof config.name === "string" ? ` '${config.name}'` : "";
          throw new ValueError(
            `${file}: ${out.className}${name} sets \`${toSnakeKey(key)}\` to ${JSON.stringify(config[key])}, which kerats does not support (only ${JSON.stringify(unused[key])})`,
          );
        }
        delete config[key];
      }
    }
    out.config = config;
  }
  return out;
}
