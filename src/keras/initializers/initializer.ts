/**
 * Initializers: how a layer's weights start (Keras's `tf.keras.initializers`). Each
 * draws from the Philox stream: with a `seed` the values repeat from call to call;
 * without one each call draws fresh values from the global seed.
 */
import { isFloating, parseDType, type DType } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { libraryCode } from "../../tensor/ownership.js";
import { registerBuiltIn } from "../saving/object-registry.js";
import { toSnakeCase } from "../engine/naming.js";

export abstract class Initializer {
  /** A tensor of `shape` and `dtype` (default float32). */
  abstract call(shape: readonly number[], dtype?: DType): Tensor;
  /** The constructor options that recreate this initializer. */
  abstract getConfig(): Record<string, unknown>;
  /** Keras's class name, e.g. "GlorotUniform". */
  get className(): string {
    return this.constructor.name;
  }
  /** A new initializer from `getConfig()`'s output. Example: `GlorotUniform.fromConfig({ seed: 1 })`. */
  static fromConfig<T extends Initializer>(this: new (options: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/** Checks an optional seed option (a non-negative integer). */
export function checkSeed(seed: unknown, owner: string): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (!Number.isSafeInteger(seed) || (seed as number) < 0) {
    throw new TypeError(`Option 'seed' of ${owner} must be a non-negative integer, but got: ${describeValue(seed)}`);
  }
  return seed as number;
}

function floatDType(dtype: DType | undefined, owner: string): DType {
  const dt = parseDType(dtype ?? "float32");
  if (!isFloating(dt)) throw new ValueError(`${owner} can only create floating tensors, but got dtype: ${dt}`);
  return dt;
}

/** All zeros. Example: `new initializers.Zeros().call([2, 2])`. */
export class Zeros extends Initializer {
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return ops.zeros(shape, parseDType(dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** All ones. */
export class Ones extends Initializer {
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return ops.ones(shape, parseDType(dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Every element `value`. Example: `new initializers.Constant({ value: 0.1 })`. */
export class Constant extends Initializer {
  readonly value: number;
  constructor({ value = 0 }: { value?: number } = {}) {
    super();
    if (typeof value !== "number") throw new TypeError(`Option 'value' of Constant must be a number, but got: ${describeValue(value)}`);
    this.value = value;
  }
  call(shape: readonly number[], dtype: DType = "float32"): Tensor {
    return ops.fill(shape, this.value, parseDType(dtype));
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** Shared by the normal-distribution initializers: mean, stddev, seed, and which sampler. */
abstract class NormalInitializer extends Initializer {
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor({ mean = 0, stddev = 0.05, seed }: { mean?: number; stddev?: number; seed?: number }) {
    super();
    this.mean = mean;
    this.stddev = stddev;
    this.seed = checkSeed(seed, new.target.name);
  }
  protected abstract sample(shape: readonly number[], dtype: DType): Tensor;
  call(shape: readonly number[], dtype?: DType): Tensor {
    return this.sample(shape, floatDType(dtype, this.className));
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** Normal values (Keras default stddev 0.05). */
export class RandomNormal extends NormalInitializer {
  constructor(options: { mean?: number; stddev?: number; seed?: number } = {}) {
    super(options);
  }
  protected sample(shape: readonly number[], dtype: DType): Tensor {
    return ops.randomNormal(shape, this.mean, this.stddev, dtype, this.seed);
  }
}

/** Uniform values in [minval, maxval) (Keras default ±0.05). */
export class RandomUniform extends Initializer {
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;
  constructor({ minval = -0.05, maxval = 0.05, seed }: { minval?: number; maxval?: number; seed?: number } = {}) {
    super();
    this.minval = minval;
    this.maxval = maxval;
    this.seed = checkSeed(seed, "RandomUniform");
  }
  call(shape: readonly number[], dtype?: DType): Tensor {
    return ops.randomUniform(shape, this.minval, this.maxval, floatDType(dtype, "RandomUniform"), this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

/** Normal values redrawn beyond two standard deviations (Keras default stddev 0.05). */
export class TruncatedNormal extends NormalInitializer {
  constructor(options: { mean?: number; stddev?: number; seed?: number } = {}) {
    super(options);
  }
  protected sample(shape: readonly number[], dtype: DType): Tensor {
    return ops.truncatedNormal(shape, this.mean, this.stddev, dtype, this.seed);
  }
}

export { floatDType };

for (const cls of [Zeros, Ones, Constant, NormalInitializer, RandomUniform]) libraryCode(cls.prototype.call);

// Keras also finds each class by its snake_case name ("glorot_uniform").
registerBuiltIn("initializer", "Zeros", Zeros, { aliases: [toSnakeCase("Zeros")] });
registerBuiltIn("initializer", "Ones", Ones, { aliases: [toSnakeCase("Ones")] });
registerBuiltIn("initializer", "Constant", Constant, { aliases: [toSnakeCase("Constant")] });
registerBuiltIn("initializer", "RandomNormal", RandomNormal, { aliases: [toSnakeCase("RandomNormal")] });
registerBuiltIn("initializer", "RandomUniform", RandomUniform, { aliases: [toSnakeCase("RandomUniform")] });
registerBuiltIn("initializer", "TruncatedNormal", TruncatedNormal, { aliases: [toSnakeCase("TruncatedNormal")] });
