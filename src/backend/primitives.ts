/**
 * The primitive table: every operation a backend may be asked to run, with the
 * parameters it takes. This is the contract between `ops` (shape inference and
 * gradients) and backends (kernels). Tables keyed by `PrimName` elsewhere are
 * mapped types, so adding a primitive here without a kernel or a gradient rule is a
 * compile error.
 */
import type { DType } from "../dtype/index.js";

/** Elementwise functions of one floating (or signed) input, same dtype out. */
export const UNARY_PRIMS = [
  "neg",
  "abs",
  "sign",
  "square",
  "sqrt",
  "rsqrt",
  "reciprocal",
  "exp",
  "expm1",
  "log",
  "log1p",
  "relu",
  "sigmoid",
  "tanh",
  "softplus",
  "erf",
  "gelu",
] as const;
export type UnaryPrim = (typeof UNARY_PRIMS)[number];

/** Elementwise predicates of one input, bool out. */
export const PREDICATE_PRIMS = ["isFinite", "isNaN"] as const;
export type PredicatePrim = (typeof PREDICATE_PRIMS)[number];

/** Elementwise arithmetic of two broadcast inputs of one dtype, same dtype out. */
// The *Grad ones are activation gradients from the activation's output: (dy, y) ->
// dy·f'(y) for y = relu(x), sigmoid(x), tanh(x), one pass instead of two or three.
export const BINARY_PRIMS = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "reluGrad", "sigmoidGrad", "tanhGrad"] as const;
export type BinaryPrim = (typeof BINARY_PRIMS)[number];

/** Elementwise comparisons of two broadcast inputs of one dtype, bool out. */
export const COMPARE_PRIMS = ["equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual"] as const;
export type ComparePrim = (typeof COMPARE_PRIMS)[number];

/** Reductions over a set of axes (sorted, non-negative). */
export const REDUCE_PRIMS = ["sum", "mean", "prod", "max", "min"] as const;
export type ReducePrim = (typeof REDUCE_PRIMS)[number];

export interface ReduceParams {
  /** Sorted, distinct, non-negative axes. */
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

type Empty = Record<string, never>;

/** The activations the fused `dense` primitive applies; "linear" is none. */
export const DENSE_ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "gelu"] as const;
export type DenseActivation = (typeof DENSE_ACTIVATIONS)[number];

/** Parameters of every primitive. */
export type PrimitiveParams = { readonly [P in UnaryPrim | PredicatePrim | BinaryPrim | ComparePrim]: Empty } & {
  readonly [P in ReducePrim]: ReduceParams;
} & {
  readonly argmax: { readonly axis: number };
  readonly argmin: { readonly axis: number };
  /** Scalar bool: every element is finite. */
  readonly allFinite: Empty;
  readonly cast: { readonly dtype: DType };
  /** inputs: cond (bool), a, b; all broadcast together. */
  readonly where: Empty;
  readonly matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
  /**
   * A fused dense layer: inputs x [m, k], kernel [k, n] and, when `bias`, bias [n], all of
   * one float dtype; output activation(x·kernel + bias) [m, n]. Computed in float32 for
   * float32/16-bit data (the product accumulated as matmul's, the bias added and the
   * activation applied in float32, one rounding to the dtype), in float64 for float64.
   */
  readonly dense: { readonly activation: DenseActivation; readonly bias: boolean };
  /** A view: same data, new shape (no kernel). */
  readonly reshape: { readonly shape: readonly number[] };
  readonly transpose: { readonly perm: readonly number[] };
  readonly broadcastTo: { readonly shape: readonly number[] };
  readonly slice: { readonly begin: readonly number[]; readonly size: readonly number[] };
  /** Zero padding: `[before, after]` per axis. */
  readonly pad: { readonly paddings: readonly (readonly [number, number])[] };
  /** inputs: any number of tensors of one dtype, equal except along `axis`. */
  readonly concat: { readonly axis: number };
  /** inputs: x, indices (int32). */
  readonly gather: { readonly axis: number };
  /** inputs: updates, indices (int32); the transpose of gather: sums updates into `dimSize` rows along `axis`. */
  readonly scatterAdd: { readonly axis: number; readonly dimSize: number };
  /** inputs: indices (int32 or uint8). */
  readonly oneHot: { readonly depth: number; readonly onValue: number; readonly offValue: number; readonly dtype: DType };
  readonly softmax: { readonly axis: number };
  readonly logSoftmax: { readonly axis: number };
  /**
   * inputs: logits [n, classes] (any float), labels [n] (int32, in range); output:
   * float32 [n], the per-example loss logsumexp(logits) - logits[label].
   */
  readonly sparseSoftmaxCrossEntropy: Empty;
};

/** Every primitive's name. */
export type PrimName = keyof PrimitiveParams;

/** Primitives that are views of their input's data and need no kernel. */
export type ViewPrim = "reshape";

/** Primitives a backend runs with a kernel. */
export type KernelPrim = Exclude<PrimName, ViewPrim>;
