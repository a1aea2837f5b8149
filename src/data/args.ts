/** Argument checks for Dataset methods: errors name the method, the argument, what was expected and what was received. */
import { describeValue, ValueError } from "../errors.js";

/** An integer >= `min`; `min` -1 admits TF's "all"/"forever" sentinel. Example: `checkInt(n, "count", "take", -1)`. */
export function checkInt(value: unknown, arg: string, method: string, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new TypeError(`Argument '${arg}' of 'Dataset.${method}' must be an integer, but got: ${describeValue(value)}`);
  }
  if (value < min) {
    const what = min === -1 ? "an integer >= 0, or -1" : `an integer >= ${min}`;
    throw new ValueError(`Argument '${arg}' of 'Dataset.${method}' must be ${what}, but got: ${value}`);
  }
  return value;
}

/** A boolean flag. Example: `checkBool(drop, "dropRemainder", "batch")`. */
export function checkBool(value: unknown, arg: string, method: string): boolean {
  if (typeof value !== "boolean") throw new TypeError(`Argument '${arg}' of 'Dataset.${method}' must be a boolean, but got: ${describeValue(value)}`);
  return value;
}

/** A function argument. Example: `checkFn(fn, "fn", "map")`. */
export function checkFn<F>(value: F, arg: string, method: string): F {
  if (typeof value !== "function") throw new TypeError(`Argument '${arg}' of 'Dataset.${method}' must be a function, but got: ${describeValue(value)}`);
  return value;
}
