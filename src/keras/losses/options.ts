/**
 * Checks for the options objects that loss and metric constructors take. Keras users
 * type `from_logits` out of habit; an unknown key is rejected instead of silently
 * ignored, since a silently ignored `fromLogits` trains on the wrong loss.
 */
import { describeValue, ValueError } from "../../errors.js";

/** The options object itself: `undefined` means `{}`; unknown keys are an error. */
export function checkOptions<T extends object>(options: T | undefined, allowed: readonly string[], owner: string): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Argument 'options' of ${owner} must be an object, but got: ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const list = allowed.length > 0 ? allowed.join(", ") : "(none)";
      throw new TypeError(`Keyword argument not understood: '${key}' is not an option of ${owner}; expected one of: ${list}`);
    }
  }
  return options;
}

/** A boolean option, with its default when absent. */
export function checkBoolean(value: unknown, fallback: boolean, what: string, owner: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`Option '${what}' of ${owner} must be a boolean, but got: ${describeValue(value)}`);
  return value;
}

/** Bounds for `checkNumber`; `integer` also requires an integer. */
export interface NumberBounds {
  min?: number;
  max?: number;
  /** When true, `min` itself is not allowed. */
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** A finite number option within bounds, with its default when absent. */
export function checkNumber(value: unknown, fallback: number, what: string, owner: string, bounds: NumberBounds = {}): number {
  if (value === undefined) return fallback;
  const { min, max, exclusiveMin = false, integer = false } = bounds;
  const kind = integer ? "an integer" : "a finite number";
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
    (max === undefined || value <= max);
  if (!ok) {
    const range =
      min !== undefined && max !== undefined
        ? ` in ${exclusiveMin ? "(" : "["}${min}, ${max}]`
        : min !== undefined
          ? ` ${exclusiveMin ? ">" : ">="} ${min}`
          : max !== undefined
            ? ` <= ${max}`
            : "";
    throw new ValueError(`Option '${what}' of ${owner} must be ${kind}${range}, but got: ${describeValue(value)}`);
  }
  return value as number;
}

/** A non-empty string `name` option, with its default when absent. */
export function checkName(value: unknown, fallback: string, owner: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`Option 'name' of ${owner} must be a non-empty string, but got: ${describeValue(value)}`);
  }
  return value;
}

/** `MyLoss` -> `my_loss`: Keras's default name for a subclass without one. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
