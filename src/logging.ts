/**
 * The library's one logger. Messages at or above the level print to stderr; the level
 * comes from `setLogLevel` or the KERATS_LOG_LEVEL environment variable
 * ("debug" | "info" | "warn" | "error" | "silent"; default "warn", as TensorFlow hides INFO).
 */
import { describeValue } from "./errors.js";

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function parseLevel(value: unknown, source: string): LogLevel {
  if (LOG_LEVELS.includes(value as LogLevel)) return value as LogLevel;
  throw new TypeError(`${source} must be one of ${LOG_LEVELS.map((l) => `'${l}'`).join(", ")}, but got: ${describeValue(value)}`);
}

const fromEnv = process.env.KERATS_LOG_LEVEL;
let level: LogLevel = fromEnv ? parseLevel(fromEnv.toLowerCase(), "KERATS_LOG_LEVEL") : "warn";
const onceKeys = new Set<string>();

/** Sets the minimum level that prints. Example: `tf.config.setLogLevel("error")`. */
export function setLogLevel(newLevel: LogLevel): void {
  level = parseLevel(newLevel, "Argument 'level' of setLogLevel");
}

/** The current minimum level. */
export function getLogLevel(): LogLevel {
  return level;
}

/** Prints `message` at `at` if the level allows; with `onceKey`, at most once per process. */
export function log(at: Exclude<LogLevel, "silent">, message: string, onceKey?: string): void {
  if (LOG_LEVELS.indexOf(at) < LOG_LEVELS.indexOf(level)) return;
  if (onceKey !== undefined) {
    if (onceKeys.has(onceKey)) return;
    onceKeys.add(onceKey);
  }
  process.stderr.write(`${at === "warn" ? "WARNING" : at.toUpperCase()}:kerats:${message}\n`);
}
