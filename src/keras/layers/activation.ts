/** Activation: applies an activation function (with its own dtype policy, e.g. a float32 softmax output). */
import type { Tensor } from "../../tensor/tensor.js";
import { invoke } from "../../tensor/ownership.js";
import { get as getActivation, nameOf, type Activation as ActivationFn } from "../activations/index.js";
import { Layer, type LayerOptions, libraryCall } from "../engine/layer.js";

export class Activation extends Layer {
  readonly activation: ActivationFn;

  /** Example: `new layers.Activation("softmax", { dtype: "float32", name: "predictions" })`. */
  constructor(activation: ActivationFn | string, options: LayerOptions = {}) {
    super(options);
    this.activation = getActivation(activation);
  }

  call(inputs: Tensor): Tensor {
    return invoke(this.activation, undefined, [inputs]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: nameOf(this.activation) ?? "custom" };
  }
}

libraryCall(Activation);
