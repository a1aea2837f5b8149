/**
 * kerats: Keras for TypeScript with mixed precision at its heart.
 *
 * ```ts
 * import * as tf from "kerats";
 * const x = tf.tensor([[1, 2], [3, 4]], undefined, "bfloat16");
 * x.matmul(x).dataSync(); // Float32Array [7, 10, 15, 22]
 * ```
 */
import "./tensor/chain.js";

export * from "./dtype/index.js";
export * from "./ops/index.js";
export { Tensor, type NestedArray, type DataTypeMap } from "./tensor/tensor.js";
export { Variable, variable, type VariableOptions } from "./autodiff/variable.js";
export { GradientTape, type GradientTapeOptions } from "./autodiff/gradient-tape.js";
export { setBackend, getBackend, listBackends } from "./backend/registry.js";
export { memoryInfo as memory, type MemoryInfo } from "./backend/data-buffer.js";
export { tidy, keep, dispose } from "./tensor/tidy.js";
export { OutOfMemoryError } from "./ops/engine.js";
export { ValueError, RuntimeError, DisposedTensorError } from "./errors.js";
import { setSeed } from "./ops/random.js";
import { cpuFeatures, getIntraOpParallelismThreads, setIntraOpParallelismThreads } from "./backend/cpu-config.js";
import { getLogLevel, setLogLevel } from "./logging.js";
import { isGpuAvailable, listPhysicalDevices } from "./backend/devices.js";

/** `tf.random.setSeed(seed)`: the global seed of unseeded random ops. */
export const random = { setSeed } as const;

/** `tf.config`: devices, CPU features, threading and logging. */
export const config = {
  listPhysicalDevices,
  cpuFeatures,
  threading: { setIntraOpParallelismThreads, getIntraOpParallelismThreads },
  setLogLevel,
  getLogLevel,
} as const;
export type { CpuFeatures } from "./backend/cpu-config.js";
export type { LogLevel } from "./logging.js";
export type { PhysicalDevice } from "./backend/devices.js";

/** `tf.test`: environment queries used by the guide. */
export const test = { isGpuAvailable } as const;

export * as keras from "./keras-namespace.js";
export { layers, mixedPrecision } from "./keras/index.js";
export * as data from "./data/index.js";
