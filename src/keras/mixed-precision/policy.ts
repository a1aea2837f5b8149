/**
 * Policy: the dtypes a layer computes in and keeps its variables in (Keras's
 * `tf.keras.mixed_precision.Policy`).
 */
import { isDType, type DType } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import { deserialize, isSerialized, registerBuiltIn } from "../saving/object-registry.js";
import { logDeviceCompatibilityCheck } from "./device-compatibility.js";

/** What `Policy` accepts: a policy name or a dtype name. */
export type PolicyName = "mixed_float16" | "mixed_bfloat16" | DType;

function parseName(name: string): [DType, DType] {
  if (name.endsWith("_float32_vars")) {
    let message = "Policies ending in '_float32_vars' have been removed from TensorFlow.";
    if (name === "infer_float32_vars" || name === "infer_with_float32_vars") {
      message += " Please use the 'mixed_float16' or 'mixed_bfloat16' policy instead.";
    } else if (name === "float16_with_float32_vars") {
      message += " Please use the 'mixed_float16' policy instead.";
    } else if (name === "bfloat16_with_float32_vars") {
      message += " Please use the 'mixed_bfloat16' policy instead.";
    }
    throw new ValueError(`${message} Got policy name: '${name}'`);
  }
  if (name === "mixed_float16") return ["float16", "float32"];
  if (name === "mixed_bfloat16") return ["bfloat16", "float32"];
  if (!isDType(name)) {
    throw new ValueError(
      `Cannot convert value ${name} to a mixed precision Policy. Valid policies include 'mixed_float16', 'mixed_bfloat16', and the name of any dtype such as 'float32'.`,
    );
  }
  return [name, name];
}

export class Policy {
  readonly name: string;
  /** The dtype layers compute in. */
  readonly computeDtype: DType;
  /** The dtype layers create their variables in. */
  readonly variableDtype: DType;

  /**
   * Example: `new Policy("mixed_float16")` computes in float16 with float32 variables.
   * Creating a `mixed_float16` or `mixed_bfloat16` policy logs, once per process,
   * whether this machine runs it quickly.
   */
  constructor(name: string) {
    if (typeof name !== "string") throw new TypeError(`'name' must be a string, but got: ${describeValue(name)}`);
    [this.computeDtype, this.variableDtype] = parseName(name);
    this.name = name;
    if (name === "mixed_float16" || name === "mixed_bfloat16") logDeviceCompatibilityCheck(name);
  }

  toString(): string {
    return `<Policy "${this.name}">`;
  }

  /** `{ name }`, as Keras. */
  getConfig(): { name: string } {
    return { name: this.name };
  }

  /** The inverse of `getConfig`. */
  static fromConfig(config: { name: string }): Policy {
    if (config === null || typeof config !== "object") throw new TypeError(`Policy.fromConfig expects { name }, but got: ${describeValue(config)}`);
    return new Policy(config.name);
  }
}

// Keras 3 saves policies as "DTypePolicy" (3.0-3.3 wrote "FloatDTypePolicy", tf.keras "Policy").
registerBuiltIn("policy", "DTypePolicy", Policy, { aliases: ["FloatDTypePolicy", "Policy"] });

/** A serialized policy: `{ className: "DTypePolicy", config: { name } }`. */
export type SerializedPolicy = { className: string; config: { name: string } };

/**
 * A Policy from a Policy, a name (dtype names included) or a serialized policy (as
 * `getConfig` of a layer holds it). Example: `toPolicy("mixed_float16")`.
 */
export function toPolicy(value: Policy | string | SerializedPolicy, argName = "policy"): Policy {
  if (value instanceof Policy) return value;
  if (typeof value === "string") return new Policy(value);
  if (isSerialized(value)) return deserialize("policy", value);
  throw new TypeError(`Argument '${argName}' must be a Policy, a policy name or a serialized policy, but got: ${describeValue(value)}`);
}
