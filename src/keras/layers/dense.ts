/** Dense: `activation(inputs · kernel + bias)` over the last axis. */
import type { Variable } from "../../autodiff/variable.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { disposeIfCurrent, invoke } from "../../tensor/ownership.js";
import { describeValue, ValueError } from "../../errors.js";
import { DENSE_ACTIVATIONS, type DenseActivation } from "../../backend/primitives.js";
import { get as getActivation, nameOf, serializeActivation, type Activation } from "../activations/index.js";
import { registerBuiltIn, serialize, type SerializedObject } from "../saving/object-registry.js";
import { get as getInitializer, type Initializer } from "../initializers/index.js";
import { formatSymbolicShape, type SymbolicShape } from "../engine/keras-tensor.js";
import { incompatibleInput, Layer, type LayerOptions, libraryCall } from "../engine/layer.js";

export interface DenseOptions extends LayerOptions {
  activation?: Activation | string | SerializedObject<string> | null;
  useBias?: boolean;
  kernelInitializer?: Initializer | string | SerializedObject;
  biasInitializer?: Initializer | string | SerializedObject;
}

/** `next`, after disposing `previous` if the running call owns it and `next` is another tensor. */
function then(previous: Tensor, next: Tensor): Tensor {
  if (next !== previous) disposeIfCurrent(previous);
  return next;
}

export class Dense extends Layer {
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  private readonly kernelInit: Initializer;
  private readonly biasInit: Initializer;
  /** The fused primitive's activation when `activation` is one it applies (else null: unfused ops). */
  private readonly fused: DenseActivation | null;
  private kernelVar: Variable | null = null;
  private biasVar: Variable | null = null;

  /** Example: `new layers.Dense(4096, { activation: "relu", name: "dense_1" })`. */
  constructor(units: number, options: DenseOptions = {}) {
    super(options, ["activation", "useBias", "kernelInitializer", "biasInitializer"]);
    if (!Number.isInteger(units) || units <= 0) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${describeValue(units)}`);
    }
    this.units = units;
    this.activation = getActivation(options.activation);
    const name = nameOf(this.activation);
    this.fused = DENSE_ACTIVATIONS.find((a) => a === name) ?? null;
    this.useBias = options.useBias ?? true;
    this.kernelInit = getInitializer(options.kernelInitializer ?? "glorot_uniform");
    this.biasInit = getInitializer(options.biasInitializer ?? "zeros");
  }

  /** The [inputDim, units] weight (float32 under mixed policies). Throws before the layer is built. */
  get kernel(): Variable {
    if (!this.kernelVar) throw new ValueError(`Layer ${this.name} has no kernel yet: it is built on its first call`);
    return this.kernelVar;
  }

  /** The [units] bias, or null when `useBias` is false. */
  get bias(): Variable | null {
    return this.biasVar;
  }

  override build(inputShape: SymbolicShape): void {
    const last = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || last === null || last === undefined) {
      throw new ValueError(
        `The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: ${formatSymbolicShape(inputShape)}`,
      );
    }
    this.kernelVar = this.addWeight("kernel", [last, this.units], { initializer: this.kernelInit });
    if (this.useBias) this.biasVar = this.addWeight("bias", [this.units], { initializer: this.biasInit });
  }

  protected override checkInputShape(shape: SymbolicShape): void {
    const expected = this.kernel.shape[0]!;
    if (shape.length < 2 || shape[shape.length - 1] !== expected) {
      incompatibleInput(this, `expected axis -1 of input shape to have value ${expected}`, shape);
    }
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  call(inputs: Tensor): Tensor {
    const flat = inputs.rank === 2 ? inputs : ops.reshape(inputs, [-1, inputs.shape[inputs.rank - 1]!]);
    if (this.fused !== null) {
      // One GEMM whose epilogue adds the bias and applies the activation: no [batch, units]
      // intermediates, and the gradient rule needs no pre-activation for relu/sigmoid/tanh.
      const y = ops.fusedDense(flat, this.kernel, this.biasVar, this.fused);
      return flat === inputs ? y : ops.reshape(y, [...inputs.shape.slice(0, -1), this.units]);
    }
    // Each step's input is freed as soon as the next exists (a tape keeps what its rules
    // need), so a call holds at most two [batch, units] tensors.
    let y = ops.matmul(flat, this.kernel);
    if (this.biasVar) y = then(y, ops.add(y, this.biasVar));
    if (flat !== inputs) y = ops.reshape(y, [...inputs.shape.slice(0, -1), this.units]);
    return then(y, invoke(this.activation, undefined, [y]));
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serialize(this.kernelInit),
      biasInitializer: serialize(this.biasInit),
    };
  }

  /** Example: `layers.Dense.fromConfig(dense.getConfig())`. */
  static override fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    const { units, ...options } = config;
    return new this(units as never, options as never);
  }
}

libraryCall(Dense);
registerBuiltIn("layer", "Dense", Dense);
