/**
 * The reference backend: every primitive for every dtype in plain TypeScript. It
 * defines the numerics (see docs/architecture.md) and serves wherever the native addon
 * cannot load.
 */
import { allocStorage } from "../../dtype/index.js";
import type { Backend, KernelTable } from "../backend.js";
import { castKernel } from "./cast-kernel.js";
import { binaryKernels, compareKernels, predicateKernels, unaryKernels, whereKernel } from "./elementwise-kernels.js";
import { broadcastToKernel, concatKernel, gatherKernel, oneHotKernel, padKernel, scatterAddKernel, sliceKernel, transposeKernel } from "./layout-kernels.js";
import { matmulKernel } from "./matmul-kernel.js";
import { denseKernel } from "./dense-kernel.js";
import { allFiniteKernel, argmaxKernel, argminKernel, reduceKernels } from "./reduce-kernels.js";
import { logSoftmaxKernel, softmaxKernel, sparseSoftmaxCrossEntropyKernel } from "./softmax-kernels.js";
import { referenceUpdates } from "./update-kernels.js";

/** Every kernel; the type makes a missing one a compile error. */
export const referenceKernels: KernelTable = {
  ...unaryKernels,
  ...predicateKernels,
  ...binaryKernels,
  ...compareKernels,
  ...reduceKernels,
  argmax: argmaxKernel,
  argmin: argminKernel,
  allFinite: allFiniteKernel,
  cast: castKernel,
  where: whereKernel,
  matmul: matmulKernel,
  dense: denseKernel,
  transpose: transposeKernel,
  broadcastTo: broadcastToKernel,
  slice: sliceKernel,
  pad: padKernel,
  concat: concatKernel,
  gather: gatherKernel,
  scatterAdd: scatterAddKernel,
  oneHot: oneHotKernel,
  softmax: softmaxKernel,
  logSoftmax: logSoftmaxKernel,
  sparseSoftmaxCrossEntropy: sparseSoftmaxCrossEntropyKernel,
};

export const referenceBackend: Backend = {
  name: "reference",
  // JS typed arrays are always zero-filled; the flag only matters to native backends.
  alloc: (dtype, size) => allocStorage(dtype, size),
  kernels: referenceKernels,
  supports: () => true,
  updates: referenceUpdates,
  supportsUpdate: () => true,
};
