/**
 * Checks for the options objects the Keras API takes (layers, losses, metrics,
 * optimizers, callbacks, `fit`/`evaluate`/`predict`). Keras users type `batch_size` or
 * `from_logits` out of habit; an unknown key is an error naming the right spelling,
 * since a silently ignored option trains with the wrong setting. Every message names
 * the option, what was expected and what was received.
 */
import { describeValue, ValueError } from "./errors.js";

/** `key` without case and underscores, so `batch_size`, `batchSize` and `BatchSize` meet. */
const folded = (key: string): string => key.replace(/_/g, "").toLowerCase();

/** Keras spellings that no edit distance finds: `lr` was `learning_rate` before Keras 2.3. */
const LEGACY_NAMES: Readonly<Record<string, string>> = { lr: "learningRate" };

/** Edit distance, for suggesting `epochs` for `epoch`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The allowed option `key` was probably meant to be, if one is close. Example: `closestOption("batch_size", ["batchSize"])` is "batchSize". */
export function closestOption(key: string, allowed: readonly string[]): string | null {
  const legacy = LEGACY_NAMES[key];
  if (legacy !== undefined && allowed.includes(legacy)) return legacy;
  const same = allowed.find((a) => folded(a) === folded(key));
  if (same !== undefined) return same;
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(key.length / 4)) + 1;
  for (const a of allowed) {
    const d = distance(folded(a), folded(key));
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  return best;
}

/**
 * `options` as an object (`undefined` is `{}`); anything else, and any key outside
 * `allowed`, is a TypeError. Example: `checkOptions(options, ["batchSize", "verbose"], "predict")`.
 */
export function checkOptions<T extends object>(options: T | undefined, allowed: readonly string[], owner: string): T;
export function checkOptions(options: unknown, allowed: readonly string[], owner: string): Record<string, unknown>;
export function checkOptions(options: unknown, allowed: readonly string[], owner: string): object {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Argument 'options' of ${owner} must be an object, but got: ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const close = closestOption(key, allowed);
    const hint = close === null ? "." : `; did you mean '${close}'?`;
    const list = allowed.length > 0 ? allowed.join(", ") : "(none)";
    throw new TypeError(`Keyword argument not understood: '${key}' is not an option of ${owner}${hint} Valid options are: ${list}`);
  }
  return options;
}

/**
 * The keys of an options type, listed once as an object literal: its type makes a
 * missing or unknown key a compile error, so the runtime list cannot drift from the type.
 * Example: `const FIT_KEYS = optionKeys<FitOptions>({ batchSize: true, epochs: true, ... })`.
 */
export function optionKeys<T extends object>(table: { readonly [K in keyof Required<T>]: true }): readonly (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}

/** Bounds of a number option; `expected` overrides the text derived from them (e.g. Keras's "between [0, 1]"). */
export interface NumberRule {
  /** Lower bound; inclusive unless `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  /** Upper bound; inclusive unless `maxExclusive`. */
  max?: number;
  maxExclusive?: boolean;
  integer?: boolean;
  expected?: string;
}

function expectedText(rule: NumberRule): string {
  if (rule.expected !== undefined) return rule.expected;
  const kind = rule.integer ? "an integer" : "a finite number";
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return `${kind} in ${rule.minExclusive ? "(" : "["}${min}, ${max}${rule.maxExclusive ? ")" : "]"}`;
  if (min !== undefined) return `${kind} ${rule.minExclusive ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${kind} ${rule.maxExclusive ? "<" : "<="} ${max}`;
  return kind;
}

/**
 * `value` if it is a finite number obeying `rule`; a TypeError when it is not a number,
 * a ValueError otherwise, in Keras's "Received: name=value" style, naming `owner` when given.
 * Example: `checkNumber(o.rho ?? 0.9, "rho", UNIT_INTERVAL)`.
 */
export function checkNumber(value: unknown, name: string, rule: NumberRule, owner?: string): number {
  const of = owner === undefined ? "" : ` (option of ${owner})`;
  const message = `\`${name}\` must be ${expectedText(rule)}${of}. Received: ${name}=${describeValue(value)}`;
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
export function numberOption(value: unknown, fallback: number, name: string, rule: NumberRule, owner?: string): number {
  return checkNumber(value ?? fallback, name, rule, owner);
}

/** `null` when absent (undefined or null), else a number checked with `checkNumber`. Example: `optionalNumber(o.clipnorm, "clipnorm", POSITIVE)`. */
export function optionalNumber(value: unknown, name: string, rule: NumberRule, owner?: string): number | null {
  return value === undefined || value === null ? null : checkNumber(value, name, rule, owner);
}

/** `value ?? fallback`, which must be a boolean. Example: `booleanOption(o.nesterov, false, "nesterov")`. */
export function booleanOption(value: unknown, fallback: boolean, name: string, owner?: string): boolean {
  const v = value ?? fallback;
  if (typeof v !== "boolean")
    throw new TypeError(`\`${name}\` must be a boolean${owner === undefined ? "" : ` (option of ${owner})`}. Received: ${name}=${describeValue(value)}`);
  return v;
}

/** `value ?? fallback`, which must be a non-empty string. Example: `stringOption(o.name, "SGD", "name")`. */
export function stringOption(value: unknown, fallback: string, name: string, owner?: string): string {
  const v = value ?? fallback;
  if (typeof v !== "string" || v.length === 0) {
    throw new TypeError(
      `\`${name}\` must be a non-empty string${owner === undefined ? "" : ` (option of ${owner})`}. Received: ${name}=${describeValue(value)}`,
    );
  }
  return v;
}

export const POSITIVE: NumberRule = { min: 0, minExclusive: true, expected: "a positive number" };
export const NON_NEGATIVE: NumberRule = { min: 0, expected: "a non-negative number" };
export const UNIT_INTERVAL: NumberRule = { min: 0, max: 1, expected: "between [0, 1]" };
