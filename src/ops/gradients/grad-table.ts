/** The gradient table: one entry per primitive; its type makes a missing one a compile error. */
import { NON_DIFFERENTIABLE, type GradTable } from "./grad-rule.js";
import { binaryGrads, castGrad, unaryGrads, whereGrad } from "./elementwise-grads.js";
import { logSoftmaxGrad, matmulGrad, softmaxGrad, sparseSoftmaxCrossEntropyGrad } from "./linalg-grads.js";
import { denseGrad } from "./dense-grads.js";
import { maxGrad, meanGrad, minGrad, prodGrad, sumGrad } from "./reduction-grads.js";
import { broadcastToGrad, concatGrad, gatherGrad, padGrad, reshapeGrad, scatterAddGrad, sliceGrad, transposeGrad } from "./shape-grads.js";

export const gradTable: GradTable = {
  ...unaryGrads,
  ...binaryGrads,
  isFinite: NON_DIFFERENTIABLE,
  isNaN: NON_DIFFERENTIABLE,
  equal: NON_DIFFERENTIABLE,
  notEqual: NON_DIFFERENTIABLE,
  greater: NON_DIFFERENTIABLE,
  greaterEqual: NON_DIFFERENTIABLE,
  less: NON_DIFFERENTIABLE,
  lessEqual: NON_DIFFERENTIABLE,
  argmax: NON_DIFFERENTIABLE,
  argmin: NON_DIFFERENTIABLE,
  allFinite: NON_DIFFERENTIABLE,
  oneHot: NON_DIFFERENTIABLE,
  sum: sumGrad,
  mean: meanGrad,
  prod: prodGrad,
  max: maxGrad,
  min: minGrad,
  cast: castGrad,
  where: whereGrad,
  matmul: matmulGrad,
  dense: denseGrad,
  reshape: reshapeGrad,
  transpose: transposeGrad,
  broadcastTo: broadcastToGrad,
  slice: sliceGrad,
  pad: padGrad,
  concat: concatGrad,
  gather: gatherGrad,
  scatterAdd: scatterAddGrad,
  softmax: softmaxGrad,
  logSoftmax: logSoftmaxGrad,
  sparseSoftmaxCrossEntropy: sparseSoftmaxCrossEntropyGrad,
};
