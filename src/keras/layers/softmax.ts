/** Softmax layer, with an optional mask whose masked-out positions get ~zero probability. */
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { registerBuiltIn } from "../saving/object-registry.js";
import { Layer, type CallArgs, type LayerOptions, libraryCall } from "../engine/layer.js";

export interface SoftmaxOptions extends LayerOptions {
  axis?: number;
}

export class Softmax extends Layer {
  readonly axis: number;

  /** Example: `new layers.Softmax({ axis: -1 }).apply(logits, { mask })`. */
  constructor(options: SoftmaxOptions = {}) {
    super(options, ["axis"]);
    this.axis = options.axis ?? -1;
  }

  call(inputs: Tensor, { mask }: CallArgs): Tensor {
    if (mask) {
      // -1e9 overflows float16 to -inf (and -inf - -inf gives NaN rows), so float16 uses its own minimum.
      const large = inputs.dtype === "float16" ? -65504 : -1e9;
      inputs = ops.add(inputs, ops.mul(ops.sub(1, ops.cast(mask, inputs.dtype)), large));
    }
    return ops.softmax(inputs, this.axis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

libraryCall(Softmax);
registerBuiltIn("layer", "Softmax", Softmax);
