/**
 * Chained op methods (`x.add(y).relu()`), TensorFlow.js style. They are attached to
 * Tensor's prototype here, above the ops layer, so the Tensor class itself does not
 * depend on ops. Importing the package entry installs them.
 */
import * as ops from "../ops/index.js";
import { Tensor } from "./tensor.js";

const methods = {
  add: ops.add,
  sub: ops.sub,
  mul: ops.mul,
  div: ops.div,
  pow: ops.pow,
  maximum: ops.maximum,
  minimum: ops.minimum,
  equal: ops.equal,
  notEqual: ops.notEqual,
  greater: ops.greater,
  greaterEqual: ops.greaterEqual,
  less: ops.less,
  lessEqual: ops.lessEqual,
  neg: ops.neg,
  abs: ops.abs,
  sign: ops.sign,
  square: ops.square,
  sqrt: ops.sqrt,
  rsqrt: ops.rsqrt,
  reciprocal: ops.reciprocal,
  exp: ops.exp,
  expm1: ops.expm1,
  log: ops.log,
  log1p: ops.log1p,
  relu: ops.relu,
  sigmoid: ops.sigmoid,
  tanh: ops.tanh,
  softplus: ops.softplus,
  erf: ops.erf,
  gelu: ops.gelu,
  isFinite: ops.isFinite,
  isNaN: ops.isNaN,
  sum: ops.sum,
  mean: ops.mean,
  prod: ops.prod,
  max: ops.max,
  min: ops.min,
  argmax: ops.argmax,
  argmin: ops.argmin,
  allFinite: ops.allFinite,
  cast: ops.cast,
  reshape: ops.reshape,
  transpose: ops.transpose,
  expandDims: ops.expandDims,
  squeeze: ops.squeeze,
  slice: ops.slice,
  pad: ops.pad,
  gather: ops.gather,
  broadcastTo: ops.broadcastTo,
  matmul: ops.matmul,
  softmax: ops.softmax,
  logSoftmax: ops.logSoftmax,
};

/** The op's signature without its first (tensor) argument. */
type Method<F> = F extends (x: never, ...rest: infer R) => infer O ? (...rest: R) => O : never;
type ChainMethods = { [K in keyof typeof methods]: Method<(typeof methods)[K]> };

declare module "./tensor.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Tensor extends ChainMethods {}
}

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return (fn as (...a: unknown[]) => Tensor)(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
