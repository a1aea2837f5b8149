/**
 * Argument checks shared by optimizers, schedules and the loss scale optimizer. Every
 * error names the argument, says what was expected and shows what was received, in
 * Keras's "Received: name=value" style.
 */
import { describeValue, ValueError } from "../../errors.js";

/**
 * `options` as a plain object (undefined becomes {}); throws on anything else and on
 * keys outside `allowed`, so a misspelt option (`lr`, `beta_1`) fails loudly instead
 * of being ignored. Example: `checkOptions(options, ["momentum"], "SGD")`.
 */
export function checkOptions(options: unknown, allowed: readonly string[], owner: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`Argument 'options' of ${owner} must be an object, but got: ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `\`${key}\` is not a valid argument of ${owner}. Valid options are: ${allowed.map((k) => `\`${k}\``).join(", ")}`,
      );
    }
  }
  return options as Record<string, unknown>;
}

export interface NumberRule {
  /** Lower bound; inclusive unless `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  /** Upper bound; inclusive unless `maxExclusive`. */
  max?: number;
  maxExclusive?: boolean;
  integer?: boolean;
  /** How the rule reads in the message, e.g. "between [0, 1]". */
  expected: string;
}

/**
 * `value` if it is a finite number obeying `rule`; a TypeError (not a number) or ValueError otherwise.
 * Example: `checkNumber(0.9, "rho", UNIT_INTERVAL)`.
 */
export function checkNumber(value: unknown, name: string, rule: NumberRule): number {
  const message = `\`${name}\` must be ${rule.expected}. Received: ${name}=${describeValue(value)}`;
  if (typeof value !== "number") throw new TypeError(message);
  const ok =
    Number.isFinite(value) &&
    (rule.integer !== true || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.minExclusive ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || (rule.maxExclusive ? value < rule.max : value <= rule.max));
  if (!ok) throw new ValueError(message);
  return value;
}

/** `value ?? fallback` checked with `checkNumber`. Example: `numberOption(o.rho, 0.9, "rho", UNIT_INTERVAL)`. */
export function numberOption(value: unknown, fallback: number, name: string, rule: NumberRule): number {
  return checkNumber(value ?? fallback, name, rule);
}

/** `null` when absent (undefined or null), else a number checked with `checkNumber`. Example: `optionalNumber(o.clipnorm, "clipnorm", POSITIVE)`. */
export function optionalNumber(value: unknown, name: string, rule: NumberRule): number | null {
  return value === undefined || value === null ? null : checkNumber(value, name, rule);
}

/** `value ?? fallback`, which must be a boolean. Example: `booleanOption(o.nesterov, false, "nesterov")`. */
export function booleanOption(value: unknown, fallback: boolean, name: string): boolean {
  const v = value ?? fallback;
  if (typeof v !== "boolean") throw new TypeError(`\`${name}\` must be a boolean. Received: ${name}=${describeValue(value)}`);
  return v;
}

/** `value ?? fallback`, which must be a non-empty string. Example: `stringOption(o.name, "SGD", "name")`. */
export function stringOption(value: unknown, fallback: string, name: string): string {
  const v = value ?? fallback;
  if (typeof v !== "string" || v.length === 0) {
    throw new TypeError(`\`${name}\` must be a non-empty string. Received: ${name}=${describeValue(value)}`);
  }
  return v;
}

export const POSITIVE: NumberRule = { min: 0, minExclusive: true, expected: "a positive number" };
export const NON_NEGATIVE: NumberRule = { min: 0, expected: "a non-negative number" };
export const UNIT_INTERVAL: NumberRule = { min: 0, max: 1, expected: "between [0, 1]" };
