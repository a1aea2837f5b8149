/**
 * Elementwise ops with NumPy broadcasting. Mixed dtypes promote (dtype/promotion.ts)
 * through recorded casts, so gradients flow back to each input's own dtype.
 */
import { op } from "./op.js";
import type { BinaryPrim, ComparePrim, PredicatePrim, UnaryPrim } from "../backend/primitives.js";
import { isFloating, type DType } from "../dtype/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { broadcastShapes } from "./broadcast.js";
import { cast } from "./cast.js";
import { operandDTypes, toTensor } from "./convert.js";
import type { TensorLike } from "./creation.js";
import { runKernel } from "./engine.js";

// Functions defined only on reals: integer and bool inputs compute in float32.
const floatOnly: ReadonlySet<UnaryPrim> = new Set<UnaryPrim>([
  "sqrt",
  "rsqrt",
  "reciprocal",
  "exp",
  "expm1",
  "log",
  "log1p",
  "sigmoid",
  "tanh",
  "softplus",
  "erf",
  "gelu",
]);

const unary = op(function unary(prim: UnaryPrim, x: TensorLike): Tensor {
  let t = toTensor(x, "x", prim);
  if (!isFloating(t.dtype)) t = cast(t, floatOnly.has(prim) ? "float32" : t.dtype === "bool" ? "int32" : t.dtype);
  return runKernel(prim, [t], {}, t.shape, t.dtype);
});

const predicate = op(function predicate(prim: PredicatePrim, x: TensorLike): Tensor {
  const t = toTensor(x, "x", prim);
  return runKernel(prim, [t], {}, t.shape, "bool");
});

/** Casts both operands to `dtype` and broadcasts their shapes. */
function prepare(a: TensorLike, b: TensorLike, opName: string, arithmetic: boolean): [Tensor, Tensor, number[], DType] {
  const ops = operandDTypes(a, b, opName);
  let dtype = ops.dtype;
  if (arithmetic && dtype === "bool") dtype = "int32";
  if (opName === "div" && !isFloating(dtype)) dtype = "float32"; // true division, as in NumPy
  const shape = broadcastShapes(ops.a.shape, ops.b.shape, opName);
  return [cast(ops.a, dtype), cast(ops.b, dtype), shape, dtype];
}

const binary = op(function binary(prim: BinaryPrim, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape, dtype] = prepare(a, b, prim, true);
  return runKernel(prim, [ta, tb], {}, shape, dtype);
});

const compare = op(function compare(prim: ComparePrim, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = prepare(a, b, prim, false);
  return runKernel(prim, [ta, tb], {}, shape, "bool");
});

/** -x. Example: `tf.neg([1, -2])` is `[-1, 2]`. */
export const neg = (x: TensorLike): Tensor => unary("neg", x);
/** |x|. */
export const abs = (x: TensorLike): Tensor => unary("abs", x);
/** -1, 0 or 1 (NaN stays NaN). */
export const sign = (x: TensorLike): Tensor => unary("sign", x);
/** x². Example: `tf.square(tf.scalar(256, "float16"))` is inf (float16 overflow). */
export const square = (x: TensorLike): Tensor => unary("square", x);
/** √x. */
export const sqrt = (x: TensorLike): Tensor => unary("sqrt", x);
/** 1/√x. */
export const rsqrt = (x: TensorLike): Tensor => unary("rsqrt", x);
/** 1/x. */
export const reciprocal = (x: TensorLike): Tensor => unary("reciprocal", x);
/** eˣ. */
export const exp = (x: TensorLike): Tensor => unary("exp", x);
/** eˣ - 1, accurate near 0. */
export const expm1 = (x: TensorLike): Tensor => unary("expm1", x);
/** Natural logarithm. */
export const log = (x: TensorLike): Tensor => unary("log", x);
/** log(1 + x), accurate near 0. */
export const log1p = (x: TensorLike): Tensor => unary("log1p", x);
/** max(x, 0). */
export const relu = (x: TensorLike): Tensor => unary("relu", x);
/** 1 / (1 + e⁻ˣ). */
export const sigmoid = (x: TensorLike): Tensor => unary("sigmoid", x);
/** Hyperbolic tangent. */
export const tanh = (x: TensorLike): Tensor => unary("tanh", x);
/** log(1 + eˣ). */
export const softplus = (x: TensorLike): Tensor => unary("softplus", x);
/** The error function. */
export const erf = (x: TensorLike): Tensor => unary("erf", x);
/** Exact GELU, x·Φ(x) (Keras's default `approximate=false`). */
export const gelu = (x: TensorLike): Tensor => unary("gelu", x);

/** Elementwise "is finite" (bool). */
// biome-ignore lint/suspicious/noShadowRestrictedNames: TF.js's op names (`tf.isFinite`, `tf.isNaN`), used as `tf.` members.
export const isFinite = (x: TensorLike): Tensor => predicate("isFinite", x);
/** Elementwise "is NaN" (bool). */
// biome-ignore lint/suspicious/noShadowRestrictedNames: TF.js's op name.
export const isNaN = (x: TensorLike): Tensor => predicate("isNaN", x);

/** a + b with broadcasting. Example: `tf.add([1, 2], 1)` is `[2, 3]`. */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary("add", a, b);
/** a - b. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary("sub", a, b);
/** a · b. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary("mul", a, b);
/** a / b; integer inputs divide truly into float32, as in NumPy. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary("div", a, b);
/** aᵇ. Example: `tf.pow(tf.scalar(1e-5, "float16"), 2)` is 0 (float16 underflow). */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary("pow", a, b);
/** Elementwise maximum (NaN propagates). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary("maximum", a, b);
/** Elementwise minimum (NaN propagates). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary("minimum", a, b);
/**
 * relu's gradient from its output y = relu(x): dy where y > 0, else 0 (TF's ReluGrad).
 * Example: `tf.reluGrad([5, 5], [0, 2])` is `[0, 5]`.
 */
export const reluGrad = (dy: TensorLike, y: TensorLike): Tensor => binary("reluGrad", dy, y);
/** sigmoid's gradient from its output y = sigmoid(x): dy·y·(1 - y) (TF's SigmoidGrad, arguments (dy, y)). */
export const sigmoidGrad = (dy: TensorLike, y: TensorLike): Tensor => binary("sigmoidGrad", dy, y);
/** tanh's gradient from its output y = tanh(x): dy·(1 - y²) (TF's TanhGrad, arguments (dy, y)). */
export const tanhGrad = (dy: TensorLike, y: TensorLike): Tensor => binary("tanhGrad", dy, y);

/** a == b (bool). */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare("equal", a, b);
/** a != b (bool). */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => compare("notEqual", a, b);
/** a > b (bool). */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare("greater", a, b);
/** a >= b (bool). */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare("greaterEqual", a, b);
/** a < b (bool). */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare("less", a, b);
/** a <= b (bool). */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare("lessEqual", a, b);

/**
 * Picks from `a` where `condition` is true and from `b` elsewhere, all three broadcast.
 * Example: `tf.where(tf.greater(x, 0), x, 0)`.
 */
export const where = op(function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toTensor(condition, "condition", "where");
  if (c.dtype !== "bool") {
    throw new TypeError(`Argument 'condition' passed to 'where' must be a bool tensor, but got a ${c.dtype} tensor`);
  }
  const [ta, tb, abShape, dtype] = prepare(a, b, "where", false);
  const shape = broadcastShapes(c.shape, abShape, "where");
  return runKernel("where", [c, ta, tb], {}, shape, dtype);
});
