/** Flatten: [batch, ...] -> [batch, product of the rest]. */
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { SymbolicShape } from "../engine/keras-tensor.js";
import { registerBuiltIn } from "../saving/object-registry.js";
import { Layer, type LayerOptions, libraryCall } from "../engine/layer.js";

export class Flatten extends Layer {
  /** Example: `new layers.Flatten().apply(keras.Input({ shape: [28, 28] }))` has shape [null, 784]. */
  constructor(options: LayerOptions = {}) {
    super(options);
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const rest = inputShape.slice(1);
    const size = rest.some((d) => d === null) ? null : rest.reduce<number>((a, b) => a * (b as number), 1);
    return [inputShape[0] ?? null, size];
  }

  call(inputs: Tensor): Tensor {
    return ops.reshape(inputs, [inputs.shape[0] ?? 1, -1]);
  }
}

libraryCall(Flatten);
registerBuiltIn("layer", "Flatten", Flatten);
