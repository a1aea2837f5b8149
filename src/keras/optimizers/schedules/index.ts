/** `keras.optimizers.schedules`: learning rate schedules. */
export { LearningRateSchedule } from "./learning-rate-schedule.js";
export { ExponentialDecay, type ExponentialDecayOptions, type ExponentialDecayConfig } from "./exponential-decay.js";
export { CosineDecay, type CosineDecayOptions, type CosineDecayConfig } from "./cosine-decay.js";
export { serialize, deserialize, type SerializedSchedule, type ScheduleClass } from "./serialization.js";
