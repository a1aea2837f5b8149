/** Every op function, as `tf.*` exposes them. */
export * from "./creation.js";
export { cast } from "./cast.js";
export * from "./elementwise.js";
export * from "./reduction.js";
export * from "./shape-ops.js";
export { matmul } from "./linalg.js";
export { fusedDense } from "./dense.js";
export { softmax, logSoftmax, sparseSoftmaxCrossEntropy } from "./softmax.js";
export { randomNormal, randomUniform, truncatedNormal } from "./random.js";
export { broadcastShapes } from "./broadcast.js";
