/** The global dtype policy: the default of every layer created while it is set. */
import { isFloating } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import { Policy } from "./policy.js";

let current: Policy | null = null;
let float32Policy: Policy | null = null;

/** The global policy (float32 unless set). Example: `mixedPrecision.globalPolicy().name`. */
export function globalPolicy(): Policy {
  if (current) return current;
  float32Policy ??= new Policy("float32");
  return float32Policy;
}

/**
 * Sets the global policy from a Policy or a name; null restores float32. Only floating
 * policies are allowed. Example: `mixedPrecision.setGlobalPolicy("mixed_bfloat16")`.
 */
export function setGlobalPolicy(policy: Policy | string | null): void {
  if (policy !== null && !(policy instanceof Policy) && typeof policy !== "string") {
    throw new TypeError(`Argument 'policy' of setGlobalPolicy must be a Policy, a string or null, but got: ${describeValue(policy)}`);
  }
  const p = policy === null || policy instanceof Policy ? policy : new Policy(policy);
  if (p && !isFloating(p.computeDtype)) {
    throw new ValueError(
      `set_global_policy can only be used to set the global policy to floating-point policies, such as "float32" and "mixed_float16", but got policy: ${p.name}`,
    );
  }
  current = p;
}

/**
 * Runs `fn` with `policy` as the global policy, restoring the previous one afterwards
 * (also when `fn` throws). Example: `policyScope("mixed_float16", () => new layers.Dense(4))`.
 */
export function policyScope<T>(policy: Policy | string, fn: () => T): T {
  const previous = current;
  setGlobalPolicy(policy);
  try {
    return fn();
  } finally {
    current = previous;
  }
}
