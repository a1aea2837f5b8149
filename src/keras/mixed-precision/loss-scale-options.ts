/** The LossScaleOptimizer's constructor checks, with Keras's error texts in camelCase. */
import { describeValue, ValueError } from "../../errors.js";
import { checkNumber, checkOptions } from "../../options.js";

/** Keras's defaults: a high start, since a too-high scale drops much faster than a too-low one rises. */
export const DEFAULT_INITIAL_SCALE = 2 ** 15;
export const DEFAULT_GROWTH_STEPS = 2000;

export interface LossScaleOptimizerOptions {
  /** Adjust the scale over time (default true); false keeps `initialScale` fixed. */
  dynamic?: boolean;
  /** The starting scale; default 2^15 when dynamic, required when not. */
  initialScale?: number | null;
  /** Finite steps between doublings of a dynamic scale; default 2000. Only with `dynamic`. */
  dynamicGrowthSteps?: number | null;
  /** Default "loss_scale_optimizer", as Keras. */
  name?: string;
}

export interface LossScaleSettings {
  readonly name: string | undefined;
  readonly dynamic: boolean;
  readonly initialScale: number;
  readonly dynamicGrowthSteps: number | null;
}

const KEYS = ["dynamic", "initialScale", "dynamicGrowthSteps", "name"] as const;

/** Checked settings from the constructor's options. Example: `lossScaleSettings({ dynamic: false, initialScale: 128 })`. */
export function lossScaleSettings(options: unknown): LossScaleSettings {
  const o = checkOptions(options, KEYS, "LossScaleOptimizer");
  const name = o.name as string | undefined;
  const dynamic = o.dynamic ?? true;
  if (typeof dynamic !== "boolean") {
    throw new TypeError(`"dynamic" argument to LossScaleOptimizer's constructor must be a bool, but got: ${describeValue(dynamic)}`);
  }
  const scaleRule = { min: 0, minExclusive: true, expected: "a positive finite number" };
  if (dynamic) {
    const initialScale = checkNumber(o.initialScale ?? DEFAULT_INITIAL_SCALE, "initialScale", scaleRule);
    const steps = o.dynamicGrowthSteps ?? DEFAULT_GROWTH_STEPS;
    const dynamicGrowthSteps = checkNumber(steps, "dynamicGrowthSteps", { min: 1, integer: true, expected: "a positive integer" });
    return { name, dynamic, initialScale, dynamicGrowthSteps };
  }
  if (o.initialScale === undefined || o.initialScale === null) {
    throw new ValueError('"initialScale" must be specified if "dynamic" is false');
  }
  if (o.dynamicGrowthSteps !== undefined && o.dynamicGrowthSteps !== null) {
    throw new ValueError(`"dynamicGrowthSteps" must be null if "dynamic" is false, but got: ${describeValue(o.dynamicGrowthSteps)}`);
  }
  return { name, dynamic, initialScale: checkNumber(o.initialScale, "initialScale", scaleRule), dynamicGrowthSteps: null };
}
