/** Variance-scaling initializers: Glorot (Xavier), He and LeCun, with Keras's fan rules. */
import type { DType } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkSeed, floatDType, Initializer } from "./initializer.js";
import { libraryCode } from "../../tensor/ownership.js";
import { registerBuiltIn } from "../saving/object-registry.js";
import { toSnakeCase } from "../engine/naming.js";

export type FanMode = "fan_in" | "fan_out" | "fan_avg";
export type Distribution = "truncated_normal" | "untruncated_normal" | "uniform";

/** Keras's fans: [in, out] for a kernel; conv kernels multiply by the receptive field. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

// stddev of a standard normal truncated to [-2, 2]: dividing by it keeps the variance.
const TRUNCATED_STDDEV = 0.87962566103423978;

export interface VarianceScalingOptions {
  scale?: number;
  mode?: FanMode;
  distribution?: Distribution;
  seed?: number;
}

/** Values with variance `scale / n`, n the fan of `mode`. Example: `new VarianceScaling({ scale: 2, mode: "fan_in" })`. */
export class VarianceScaling extends Initializer {
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | undefined;

  constructor({ scale = 1, mode = "fan_in", distribution = "truncated_normal", seed }: VarianceScalingOptions = {}) {
    super();
    if (typeof scale !== "number" || !(scale > 0)) throw new ValueError(`Argument 'scale' must be positive float. Received: scale=${describeValue(scale)}`);
    if (!["fan_in", "fan_out", "fan_avg"].includes(mode)) {
      throw new ValueError(`Invalid \`mode\` argument: expected one of {"fan_in", "fan_out", "fan_avg"}. Received: mode=${describeValue(mode)}`);
    }
    if (!["truncated_normal", "untruncated_normal", "uniform"].includes(distribution)) {
      throw new ValueError(
        `Invalid \`distribution\` argument: expected one of {"truncated_normal", "untruncated_normal", "uniform"}. Received: distribution=${describeValue(distribution)}`,
      );
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution;
    this.seed = checkSeed(seed, this.constructor.name);
  }

  call(shape: readonly number[], dtype?: DType): Tensor {
    const dt = floatDType(dtype, this.className);
    const [fanIn, fanOut] = computeFans(shape);
    const n = Math.max(1, this.mode === "fan_in" ? fanIn : this.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2);
    const variance = this.scale / n;
    if (this.distribution === "uniform") {
      const limit = Math.sqrt(3 * variance);
      return ops.randomUniform(shape, -limit, limit, dt, this.seed);
    }
    if (this.distribution === "untruncated_normal") return ops.randomNormal(shape, 0, Math.sqrt(variance), dt, this.seed);
    return ops.truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_STDDEV, dt, this.seed);
  }

  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

/** A VarianceScaling with fixed scale, mode and distribution: its config is only the seed. */
abstract class Preset extends VarianceScaling {
  override getConfig(): Record<string, unknown> {
    return { seed: this.seed ?? null };
  }
}

/** Uniform in ±sqrt(6 / (fanIn + fanOut)): Keras's default kernel initializer. */
export class GlorotUniform extends Preset {
  constructor({ seed }: { seed?: number } = {}) {
    super({ scale: 1, mode: "fan_avg", distribution: "uniform", seed });
  }
}

/** Truncated normal with stddev sqrt(2 / (fanIn + fanOut)). */
export class GlorotNormal extends Preset {
  constructor({ seed }: { seed?: number } = {}) {
    super({ scale: 1, mode: "fan_avg", distribution: "truncated_normal", seed });
  }
}

/** Uniform in ±sqrt(6 / fanIn). */
export class HeUniform extends Preset {
  constructor({ seed }: { seed?: number } = {}) {
    super({ scale: 2, mode: "fan_in", distribution: "uniform", seed });
  }
}

/** Truncated normal with stddev sqrt(2 / fanIn). */
export class HeNormal extends Preset {
  constructor({ seed }: { seed?: number } = {}) {
    super({ scale: 2, mode: "fan_in", distribution: "truncated_normal", seed });
  }
}

/** Truncated normal with stddev sqrt(1 / fanIn) (for selu). */
export class LecunNormal extends Preset {
  constructor({ seed }: { seed?: number } = {}) {
    super({ scale: 1, mode: "fan_in", distribution: "truncated_normal", seed });
  }
}

libraryCode(VarianceScaling.prototype.call);

// Keras also finds each class by its snake_case name ("glorot_uniform").
registerBuiltIn("initializer", "VarianceScaling", VarianceScaling, { aliases: [toSnakeCase("VarianceScaling")] });
registerBuiltIn("initializer", "GlorotUniform", GlorotUniform, { aliases: [toSnakeCase("GlorotUniform")] });
registerBuiltIn("initializer", "GlorotNormal", GlorotNormal, { aliases: [toSnakeCase("GlorotNormal")] });
registerBuiltIn("initializer", "HeUniform", HeUniform, { aliases: [toSnakeCase("HeUniform")] });
registerBuiltIn("initializer", "HeNormal", HeNormal, { aliases: [toSnakeCase("HeNormal")] });
registerBuiltIn("initializer", "LecunNormal", LecunNormal, { aliases: [toSnakeCase("LecunNormal")] });
