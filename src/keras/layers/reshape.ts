/** Reshape: [batch, ...] -> [batch, ...targetShape] (one -1 allowed). */
import { describeValue, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { formatSymbolicShape, type SymbolicShape } from "../engine/keras-tensor.js";
import { Layer, type LayerOptions, libraryCall } from "../engine/layer.js";
import { registerBuiltIn } from "../saving/object-registry.js";

export class Reshape extends Layer {
  readonly targetShape: readonly number[];

  /** Example: `new layers.Reshape([28, 28])`. */
  constructor(targetShape: readonly number[], options: LayerOptions = {}) {
    super(options);
    if (
      !Array.isArray(targetShape) ||
      !targetShape.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) ||
      targetShape.filter((d) => d === -1).length > 1
    ) {
      throw new ValueError(
        `Argument 'targetShape' of Reshape must be an array of positive integers with at most one -1, but got: ${describeValue(targetShape)}`,
      );
    }
    this.targetShape = [...targetShape];
  }

  private resolve(inputShape: SymbolicShape): (number | null)[] {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) return this.targetShape.map((d) => (d === -1 ? null : d));
    const size = rest.reduce<number>((a, b) => a * (b as number), 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const fits = this.targetShape.includes(-1) ? size % known === 0 : size === known;
    if (!fits) {
      throw new ValueError(
        `total size of new array must be unchanged, input_shape = ${formatSymbolicShape(rest)}, output_shape = ${formatSymbolicShape(this.targetShape)}`,
      );
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape)];
  }

  call(inputs: Tensor): Tensor {
    return ops.reshape(inputs, [inputs.shape[0]!, ...(this.resolve(inputs.shape) as number[])]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }

  /** Example: `layers.Reshape.fromConfig(reshape.getConfig())`. */
  static override fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    const { targetShape, ...options } = config;
    return new this(targetShape as never, options as never);
  }
}

libraryCall(Reshape);
registerBuiltIn("layer", "Reshape", Reshape);
