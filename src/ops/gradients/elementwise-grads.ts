/** Gradient rules of the elementwise primitives and cast. */
import type { BinaryPrim, UnaryPrim } from "../../backend/primitives.js";
import { isFloating } from "../../dtype/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { cast } from "../cast.js";
import {
  add,
  div,
  erf,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  mul,
  neg,
  pow,
  reluGrad,
  sigmoid,
  sigmoidGrad,
  sign,
  square,
  sub,
  tanhGrad,
  where,
} from "../elementwise.js";
import type { GradEntry, GradRule } from "./grad-rule.js";
import { crossInputs, sumToShape, uses, usesWhen } from "./grad-rule.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_2PI = 0.3989422804014327;

/** Rule for y = f(x) written as dx = h(dy, x, y); every h reads dy once, in its last op, so dy may be consumed. */
const unaryRule =
  <P extends UnaryPrim>(h: (dy: Tensor, x: Tensor, y: Tensor) => Tensor): GradRule<P> =>
  (dy, { inputs, output, consume }) => [h(consume(dy), inputs[0]!, output)];

const X = [0];
const NONE: number[] = [];

export const unaryGrads: { readonly [P in UnaryPrim]: GradEntry<P> } = {
  neg: uses(
    NONE,
    false,
    unaryRule((dy) => neg(dy)),
  ),
  abs: uses(
    X,
    false,
    unaryRule((dy, x) => mul(dy, sign(x))),
  ),
  sign: uses(NONE, false, () => [null]),
  square: uses(
    X,
    false,
    unaryRule((dy, x) => mul(dy, mul(x, 2))),
  ),
  sqrt: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => div(dy, mul(y, 2))),
  ),
  rsqrt: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => mul(dy, mul(pow(y, 3), -0.5))),
  ),
  reciprocal: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => neg(mul(dy, square(y)))),
  ),
  exp: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => mul(dy, y)),
  ),
  expm1: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => mul(dy, add(y, 1))),
  ),
  log: uses(
    X,
    false,
    unaryRule((dy, x) => div(dy, x)),
  ),
  log1p: uses(
    X,
    false,
    unaryRule((dy, x) => div(dy, add(x, 1))),
  ),
  // y > 0 exactly where x > 0 (NaN in neither), so the mask comes from the output and the
  // pre-activation need not be kept.
  relu: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => reluGrad(dy, y)),
  ),
  sigmoid: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => sigmoidGrad(dy, y)),
  ),
  tanh: uses(
    NONE,
    true,
    unaryRule((dy, _x, y) => tanhGrad(dy, y)),
  ),
  softplus: uses(
    X,
    false,
    unaryRule((dy, x) => mul(dy, sigmoid(x))),
  ),
  erf: uses(
    X,
    false,
    unaryRule((dy, x) => mul(dy, mul(exp(neg(square(x))), TWO_OVER_SQRT_PI))),
  ),
  // d/dx x·Φ(x) = Φ(x) + x·φ(x)
  gelu: uses(
    X,
    false,
    unaryRule((dy, x) => {
      const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
      const pdf = mul(exp(mul(square(x), -0.5)), INV_SQRT_2PI);
      return mul(dy, add(cdf, mul(x, pdf)));
    }),
  ),
};

/** One input's full-shape gradient of z = f(a, b), from dy, the inputs and the output y. */
type BinaryPartial = (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => Tensor;

/** Rule for z = f(a, b) with broadcasting: computes per-input full-shape gradients, then sums them back. */
const binaryRule =
  <P extends BinaryPrim>(da: BinaryPartial | null, db: BinaryPartial | null): GradRule<P> =>
  (dy, { inputs: [a, b], output, needs }) => [
    needs[0] && da ? sumToShape(da(dy, a!, b!, output), a!.shape) : null,
    needs[1] && db ? sumToShape(db(dy, a!, b!, output), b!.shape) : null,
  ];

const AB = [0, 1];

export const binaryGrads: { readonly [P in BinaryPrim]: GradEntry<P> } = {
  add: uses(
    NONE,
    false,
    binaryRule(
      (dy) => dy,
      (dy) => dy,
    ),
  ),
  sub: uses(
    NONE,
    false,
    binaryRule(
      (dy) => dy,
      (dy) => neg(dy),
    ),
  ),
  mul: usesWhen(
    crossInputs,
    binaryRule(
      (dy, _a, b) => mul(dy, b),
      (dy, a) => mul(dy, a),
    ),
  ),
  // da = dy/b needs b; db = -dy·y/b needs b and y.
  div: usesWhen(
    ([na, nb]) => ({ inputs: [false, Boolean(na || nb)], output: Boolean(nb) }),
    binaryRule(
      (dy, _a, b) => div(dy, b),
      (dy, _a, b, y) => neg(div(mul(dy, y), b)),
    ),
  ),
  // d/da a^b = b·a^(b-1); d/db a^b = a^b·log(a), taken as 0 where a <= 0 (as TensorFlow does).
  pow: uses(
    AB,
    true,
    binaryRule(
      (dy, a, b) => mul(dy, mul(b, pow(a, sub(b, 1)))),
      (dy, a, _b, y) => mul(dy, where(greater(a, 0), mul(y, log(a)), 0)),
    ),
  ),
  // Ties send the gradient to `a`, as tf.maximum/tf.minimum do.
  maximum: uses(
    AB,
    false,
    binaryRule(
      (dy, a, b) => where(greaterEqual(a, b), dy, 0),
      (dy, a, b) => where(less(a, b), dy, 0),
    ),
  ),
  minimum: uses(
    AB,
    false,
    binaryRule(
      (dy, a, b) => where(lessEqual(a, b), dy, 0),
      (dy, a, b) => where(greater(a, b), dy, 0),
    ),
  ),
  // z = g·f'(y) is linear in g: dz/dg is the same op; dz/dy = g·f''(y) as a function of y
  // (0 for relu, 1 - 2y for sigmoid, -2y for tanh).
  reluGrad: uses(
    AB,
    false,
    binaryRule((dy, _g, y) => reluGrad(dy, y), null),
  ),
  sigmoidGrad: uses(
    AB,
    false,
    binaryRule(
      (dy, _g, y) => sigmoidGrad(dy, y),
      (dy, g, y) => mul(mul(dy, g), sub(1, mul(y, 2))),
    ),
  ),
  tanhGrad: uses(
    AB,
    false,
    binaryRule(
      (dy, _g, y) => tanhGrad(dy, y),
      (dy, g, y) => mul(mul(dy, g), mul(y, -2)),
    ),
  ),
};

export const whereGrad: GradEntry<"where"> = uses(X, false, (dy, { inputs: [cond, a, b], needs }) => [
  null,
  needs[1] ? sumToShape(where(cond!, dy, 0), a!.shape) : null,
  needs[2] ? sumToShape(where(cond!, 0, dy), b!.shape) : null,
]);

/** The gradient of a cast is cast back to the source dtype: float32 variables get float32 gradients. */
export const castGrad: GradEntry<"cast"> = uses(NONE, false, (dy, { inputs: [x] }) => [isFloating(x!.dtype) ? cast(dy, x!.dtype) : null]);
