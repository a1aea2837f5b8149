/** `keras.mixedPrecision`: policies, the global policy, and loss scaling. */
export { Policy, type PolicyName } from "./policy.js";
export { globalPolicy, setGlobalPolicy, policyScope } from "./global-policy.js";
export { LossScaleOptimizer } from "./loss-scale-optimizer.js";
