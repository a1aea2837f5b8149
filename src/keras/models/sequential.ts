/**
 * Sequential: a plain stack of layers. Its graph is known once its input is: from a
 * leading keras.Input, the first layer's `inputShape`, or the first data it sees.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { describeValue, ValueError } from "../../errors.js";
import { toTensor } from "../../ops/convert.js";
import type { TensorLike } from "../../ops/creation.js";
import { Input, InputLayer } from "../engine/input.js";
import { KerasTensor } from "../engine/keras-tensor.js";
import { Layer, type CallArgs, type LayerOptions } from "../engine/layer.js";
import { registerBuiltIn, serialize } from "../saving/object-registry.js";
import { freeingOnError, layerEntry, layerFromEntry } from "./functional-config.js";
import { uniqueName } from "../engine/naming.js";
import { Model } from "./model.js";

export class Sequential extends Model {
  private readonly stack: Layer[] = [];
  private input: KerasTensor | null = null;

  /** Example: `new keras.Sequential([new layers.Dense(64, { inputShape: [784], activation: "relu" }), new layers.Dense(10)])`. */
  constructor(layers: readonly (Layer | KerasTensor)[] = [], options: { name?: string; trainable?: boolean; dtype?: LayerOptions["dtype"] } = {}) {
    super({ name: options.name ?? uniqueName("sequential"), trainable: options.trainable, dtype: options.dtype });
    if (!Array.isArray(layers)) throw new TypeError(`Argument 'layers' of Sequential must be an array, but got: ${describeValue(layers)}`);
    for (const l of layers) this.add(l);
  }

  /** The stacked layers (a Sequential model does not list its InputLayer, as in Keras). */
  override get layers(): Layer[] {
    return [...this.stack];
  }

  /** Appends a layer (or, first, a keras.Input). Example: `model.add(new layers.Dense(10))`. */
  add(layer: Layer | KerasTensor): void {
    if (layer instanceof KerasTensor) {
      if (this.input || this.stack.length > 0) throw new ValueError("A keras.Input can only be the first element of a Sequential model");
      this.input = layer;
      return;
    }
    if (!(layer instanceof Layer)) {
      throw new TypeError(`The added layer must be an instance of class Layer. Received: layer=${describeValue(layer)} of type ${typeof layer}.`);
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(
        `All layers added to a Sequential model should have unique names. Name "${layer.name}" is already the name of a layer in this model.`,
      );
    }
    const stack = [...this.stack, layer];
    const input = this.input ?? (stack.length === 1 && layer.inputShape ? Input({ shape: layer.inputShape }) : null);
    // The new graph is built before anything changes: a layer that does not fit leaves the model as it was.
    if (input) this.rebuild(input, stack);
    this.stack.push(layer);
    this.input = input;
  }

  /**
   * Removes the last layer and returns it (Keras's `pop`); the model is rebuilt without it.
   * Example: `const last = model.pop()`.
   */
  pop(): Layer {
    if (this.stack.length === 0) throw new TypeError("There are no layers in the model.");
    const rest = this.stack.slice(0, -1);
    if (this.input && rest.length > 0) this.rebuild(this.input, rest);
    else this.clearGraph();
    return this.stack.pop()!;
  }

  private rebuild(input: KerasTensor, stack: readonly Layer[]): void {
    let x = input;
    for (const l of stack) x = l.apply(x);
    this.setGraph([input], [x], true);
  }

  /** Builds the graph for inputs of `inputShape` (with the batch dimension, which may be null). */
  override build(inputShape: readonly (number | null)[]): void {
    if (this.hasGraph) return;
    if (this.stack.length === 0) throw new ValueError("A Sequential model needs at least one layer before it can be built");
    const input = Input({ batchShape: [null, ...inputShape.slice(1)] });
    this.rebuild(input, this.stack);
    this.input = input;
  }

  /**
   * Keras's Sequential config: its name, `trainable`, policy, the layers (its
   * InputLayer first when the input is known) and the input shape it was built for.
   */
  override getConfig(): Record<string, unknown> {
    const inputLayer = this.input?.history?.layer;
    return {
      name: this.name,
      trainable: this.trainable,
      dtype: serialize(this.dtypePolicy),
      layers: [...(inputLayer ? [inputLayer] : []), ...this.stack].map(layerEntry),
      ...(this.input ? { buildInputShape: [...this.input.shape] } : {}),
    };
  }

  /** A Sequential model from `getConfig()`'s output. Example: `keras.Sequential.fromConfig(model.getConfig())`. */
  static override fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    const { name, trainable, dtype, layers, buildInputShape, ...rest } = config;
    if (Object.keys(rest).length > 0) throw new ValueError(`Unrecognized keyword arguments passed to Sequential: ${JSON.stringify(rest)}`);
    if (!Array.isArray(layers)) throw new ValueError(`A Sequential model's config needs a \`layers\` list, but got: ${describeValue(layers)}`);
    const model = new this([] as never, { name, trainable, dtype } as never) as unknown as Sequential;
    const made: Layer[] = [];
    return freeingOnError(made, () => {
      for (const entry of layers) {
        const layer = layerFromEntry(entry, `a layer of Sequential '${model.name}'`);
        made.push(layer);
        model.add(layer instanceof InputLayer ? layer.output : layer);
      }
      if (!model.hasGraph && Array.isArray(buildInputShape)) model.build(buildInputShape as (number | null)[]);
      return model as unknown as T;
    });
  }

  /** @internal Keras's build config of a Sequential model: the input shape. */
  override getBuildConfig(): { inputShape: (number | null)[] } | null {
    return this.input ? { inputShape: [...this.input.shape] } : null;
  }

  override apply(inputs: KerasTensor, args?: CallArgs): KerasTensor;
  override apply(inputs: TensorLike | readonly TensorLike[], args?: CallArgs): Tensor;
  override apply(inputs: KerasTensor | TensorLike | readonly TensorLike[], args: CallArgs = {}): KerasTensor | Tensor {
    if (!this.hasGraph) {
      const shape = inputs instanceof KerasTensor ? inputs.shape : toTensor(inputs as TensorLike, "inputs", this.name).shape;
      this.build(shape);
    }
    return inputs instanceof KerasTensor ? super.apply(inputs, args) : super.apply(inputs as TensorLike, args);
  }
}

registerBuiltIn("layer", "Sequential", Sequential, { module: "keras" });
