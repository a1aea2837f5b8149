/**
 * Turning `applyGradients`'s arguments into checked (gradient, variable) pairs. Every
 * pair is checked before any variable or optimizer state is touched, so a bad pair
 * never leaves a model half-updated.
 */
import { Variable } from "../../autodiff/variable.js";
import { describeValue, formatShape, ValueError } from "../../errors.js";
import { log } from "../../logging.js";
import { Tensor } from "../../tensor/tensor.js";

/** One `[gradient, variable]` pair as `applyGradients` accepts it; a null gradient is skipped. */
export type GradientPair = readonly [Tensor | null | undefined, Variable];

/** A checked pair whose gradient is present. */
export type AppliedPair = readonly [Tensor, Variable];

const GRAD_DTYPES: ReadonlySet<string> = new Set(["float32", "float16", "bfloat16"]);

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && typeof value === "object" && typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
}

function checkVariable(v: unknown, index: number, where: string): Variable {
  if (!(v instanceof Variable)) {
    throw new TypeError(`${where}: the variable of pair ${index} must be a Variable, but got: ${describeValue(v)}`);
  }
  v.assertLive();
  if (v.dtype !== "float32") {
    throw new TypeError(
      `${where}: variable '${v.name}' is ${v.dtype}, but optimizers update float32 variables only (the float32 master weights under a mixed precision policy)`,
    );
  }
  return v;
}

function checkGradient(g: unknown, v: Variable, where: string): Tensor | null {
  if (g === null || g === undefined) return null;
  if (!(g instanceof Tensor)) {
    throw new TypeError(`${where}: the gradient for '${v.name}' must be a Tensor or null, but got: ${describeValue(g)}`);
  }
  g.assertLive();
  if (!GRAD_DTYPES.has(g.dtype)) {
    throw new TypeError(`${where}: the gradient for '${v.name}' must be float32, float16 or bfloat16, but got ${g.dtype}`);
  }
  if (g.shape.join() !== v.shape.join()) {
    throw new ValueError(`${where}: the gradient for '${v.name}' has shape ${formatShape(g.shape)}, but the variable has shape ${formatShape(v.shape)}`);
  }
  return g;
}

/**
 * Checked pairs from either `(pairs)` (Keras's `zip(grads, vars)`) or `(grads, vars)`.
 * Example: `toGradientPairs(grads, model.trainableWeights, "SGD.applyGradients")`.
 */
export function toGradientPairs(first: unknown, second: unknown, where: string): [Tensor | null, Variable][] {
  let raw: [unknown, unknown][];
  if (second === undefined) {
    if (!isIterable(first)) {
      throw new TypeError(`${where} expects [gradient, variable] pairs, or (gradients, variables), but got: ${describeValue(first)}`);
    }
    raw = Array.from(first, (pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`${where}: element ${i} must be a [gradient, variable] pair, but got: ${describeValue(pair)}`);
      }
      return [pair[0], pair[1]];
    });
  } else {
    if (!isIterable(first) || !isIterable(second)) {
      throw new TypeError(`${where}(gradients, variables) expects two arrays, but got: ${describeValue(first)} and ${describeValue(second)}`);
    }
    const grads = Array.from(first);
    const vars = Array.from(second);
    if (grads.length !== vars.length) {
      throw new ValueError(`${where}: got ${grads.length} gradients for ${vars.length} variables`);
    }
    raw = grads.map((g, i) => [g, vars[i]]);
  }
  return raw.map(([g, v], i) => {
    const variable = checkVariable(v, i, where);
    return [checkGradient(g, variable, where), variable];
  });
}

function listNames(vars: readonly Variable[]): string {
  return `[${vars.map((v) => `'${v.name}'`).join(", ")}]`;
}

/**
 * The pairs with a gradient. Like Keras's `filter_empty_gradients`: an error when
 * every gradient is missing, a warning naming the variables without one otherwise
 * (once per optimizer and set of names, so a training loop does not flood the log).
 * Example: `filterEmptyGradients(pairs, "optimizer#3")`.
 */
export function filterEmptyGradients(pairs: readonly (readonly [Tensor | null, Variable])[], warnKey: string): AppliedPair[] {
  if (pairs.length === 0) return [];
  const present = pairs.filter((p): p is readonly [Tensor, Variable] => p[0] !== null);
  if (present.length === 0) {
    const vars = pairs.map((p) => p[1]);
    throw new ValueError(
      `No gradients provided for any variable: ${listNames(vars)}. Provided \`gradsAndVars\` is [${vars.map((v) => `[null, '${v.name}']`).join(", ")}].`,
    );
  }
  if (present.length < pairs.length) {
    const names = listNames(pairs.filter((p) => p[0] === null).map((p) => p[1]));
    log(
      "warn",
      `Gradients do not exist for variables ${names} when minimizing the loss. If you're using \`model.compile()\`, did you forget to provide a \`loss\` argument?`,
      `${warnKey}:${names}`,
    );
  }
  return present;
}
