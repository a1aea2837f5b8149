/** `keras.optimizers`: the optimizers, their resolver and serialization, and `schedules`. */
export {
  Optimizer,
  OPTIMIZER_KEYS,
  type OptimizerOptions,
  type OptimizerConfig,
  type StepContext,
} from "./optimizer.js";
export { SGD, type SGDOptions, type SGDConfig } from "./sgd.js";
export { RMSprop, type RMSpropOptions, type RMSpropConfig } from "./rmsprop.js";
export { Adam, type AdamOptions, type AdamConfig } from "./adam.js";
export { AdamW, type AdamWOptions, type AdamWConfig } from "./adamw.js";
export { get, serialize, deserialize, type SerializedOptimizer, type OptimizerClass } from "./serialization.js";
export type { GradientPair } from "./gradient-pairs.js";
export * as schedules from "./schedules/index.js";
export { LearningRateSchedule } from "./schedules/learning-rate-schedule.js";
