/** Dropout: in training, zeroes a fraction `rate` of the inputs and scales the rest by 1/(1-rate). */
import { describeValue, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkSeed } from "../initializers/initializer.js";
import { Layer, type CallArgs, type LayerOptions, libraryCall } from "../engine/layer.js";
import { registerBuiltIn } from "../saving/object-registry.js";

export interface DropoutOptions extends LayerOptions {
  /** Shape of the keep mask, broadcast over the inputs; null entries take the input's size. */
  noiseShape?: readonly (number | null)[];
  /** Makes the masks repeat from run to run (each call still draws a new mask). */
  seed?: number;
}

export class Dropout extends Layer {
  readonly rate: number;
  readonly noiseShape: readonly (number | null)[] | undefined;
  readonly seed: number | undefined;
  private calls = 0;

  /** Example: `new layers.Dropout(0.2)`; active only with `apply(x, { training: true })`. */
  constructor(rate: number, options: DropoutOptions = {}) {
    super(options, ["noiseShape", "seed"]);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${describeValue(rate)}`);
    }
    this.rate = rate;
    this.noiseShape = options.noiseShape;
    this.seed = checkSeed(options.seed, "Dropout");
  }

  call(inputs: Tensor, { training = false }: CallArgs): Tensor {
    if (!training || this.rate === 0) return inputs;
    if (this.rate === 1) return ops.zerosLike(inputs);
    const shape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? inputs.shape[i]!) : [...inputs.shape];
    // A seeded layer derives one seed per call, so masks differ between calls but repeat between runs.
    const seed = this.seed === undefined ? undefined : (this.seed + 1000003 * this.calls) % 2 ** 53;
    this.calls++;
    const keep = ops.cast(ops.greaterEqual(ops.randomUniform(shape, 0, 1, "float32", seed), this.rate), inputs.dtype);
    return ops.mul(ops.mul(inputs, keep), 1 / (1 - this.rate));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null, seed: this.seed ?? null };
  }

  /** Example: `layers.Dropout.fromConfig(dropout.getConfig())`. */
  static override fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    const { rate, noiseShape, seed, ...options } = config;
    return new this(rate as never, { ...options, noiseShape: noiseShape ?? undefined, seed: seed ?? undefined } as never);
  }
}

libraryCall(Dropout);
registerBuiltIn("layer", "Dropout", Dropout);
