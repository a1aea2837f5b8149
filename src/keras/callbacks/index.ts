/** `keras.callbacks`. */
export { Callback, type Logs, type CallbackParams } from "./callback.js";
export { History } from "./history.js";
export { ProgbarLogger } from "./progbar-logger.js";
export { Progbar, type ProgressOutput } from "./progbar.js";
export { EarlyStopping, type EarlyStoppingOptions } from "./early-stopping.js";
export { LearningRateScheduler } from "./learning-rate-scheduler.js";
export { TerminateOnNaN } from "./terminate-on-nan.js";
export { CSVLogger } from "./csv-logger.js";
export { ModelCheckpoint, type ModelCheckpointOptions } from "./model-checkpoint.js";
