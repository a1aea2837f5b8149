/**
 * Layer: the base of every Keras layer. It resolves its dtype policy, creates weights
 * in the policy's variable dtype, and applies autocast in exactly two places: floating
 * inputs are cast to the compute dtype before `call`, and its float variables read as
 * the compute dtype inside `call` (see ops/autocast.ts). `apply` is symbolic on
 * KerasTensors (shape and dtype inference only) and eager on tensors.
 */
import { Variable } from "../../autodiff/variable.js";
import { isFloating, type DType } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import { withAutocast } from "../../ops/autocast.js";
import { invoke, libraryCode, libraryScope } from "../../tensor/ownership.js";
import { cast } from "../../ops/cast.js";
import { toTensor } from "../../ops/convert.js";
import type { TensorLike } from "../../ops/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { get as getInitializer, type Initializer } from "../initializers/index.js";
import { globalPolicy } from "../mixed-precision/global-policy.js";
import { type Policy, type SerializedPolicy, toPolicy } from "../mixed-precision/policy.js";
import { serialize } from "../saving/object-registry.js";
import { formatSymbolicShape, KerasTensor, type SymbolicShape } from "./keras-tensor.js";
import { toSnakeCase, uniqueName } from "./naming.js";
import { checkOptions } from "../../options.js";

/** Options every layer accepts. */
export interface LayerOptions {
  /** Default: the snake_case class name made unique ("dense", "dense_1", ...). */
  name?: string;
  /** A Policy, a policy/dtype name or a serialized policy; default: the global policy. */
  dtype?: Policy | string | SerializedPolicy;
  /** Whether its weights are trained. Default true. */
  trainable?: boolean;
  /** Whether to cast floating inputs and variable reads to the compute dtype. Default true. */
  autocast?: boolean;
  /** The input shape without the batch dimension, for the first layer of a Sequential model. */
  inputShape?: readonly (number | null)[];
}

/** Keyword arguments of `apply`/`call`. */
export interface CallArgs {
  /** Training mode (Dropout drops only then). Default false. */
  training?: boolean;
  /** A boolean mask broadcastable to the inputs (used by Softmax). */
  mask?: Tensor;
}

export interface AddWeightOptions {
  initializer?: Initializer | string;
  /** Default: the policy's variable dtype. */
  dtype?: DType;
  trainable?: boolean;
}

const BASE_OPTIONS = ["name", "dtype", "trainable", "autocast", "inputShape"];

/** @internal Declares `cls.prototype.call` kerats's own code (a subclass that overrides `call` is user code). */
export function libraryCall(cls: { prototype: Layer }): void {
  libraryCode(cls.prototype.call);
  libraryCode(cls.prototype.build);
}

export abstract class Layer {
  readonly name: string;
  trainable: boolean;
  readonly autocast: boolean;
  /** The `inputShape` option (without the batch dimension), if given. */
  readonly inputShape: readonly (number | null)[] | undefined;
  private readonly policy: Policy;
  private readonly ownWeights: Variable[] = [];
  private builtFlag = false;
  private builtShape: SymbolicShape | null = null;

  /**
   * @param options the layer's options; `allowed` lists the keys a subclass adds, so an
   *   unknown key throws like Keras ("Keyword argument not understood").
   */
  constructor(options: LayerOptions = {}, allowed: readonly string[] = []) {
    checkOptions(options, [...allowed, ...BASE_OPTIONS], this.constructor.name);
    if (options.name !== undefined && (typeof options.name !== "string" || options.name === "")) {
      throw new TypeError(`Option 'name' must be a non-empty string, but got: ${describeValue(options.name)}`);
    }
    this.name = options.name ?? uniqueName(toSnakeCase(this.constructor.name));
    this.policy = options.dtype === undefined ? globalPolicy() : toPolicy(options.dtype, "dtype");
    this.trainable = options.trainable ?? true;
    this.autocast = options.autocast ?? true;
    if (
      options.inputShape !== undefined &&
      (!Array.isArray(options.inputShape) || !options.inputShape.every((d) => d === null || (Number.isInteger(d) && d >= 0)))
    ) {
      throw new TypeError(`Option 'inputShape' must be an array of non-negative integers or null, but got: ${describeValue(options.inputShape)}`);
    }
    this.inputShape = options.inputShape;
  }

  /** The layer's Policy. Example: `String(dense.dtypePolicy)` is `<Policy "mixed_float16">`. */
  get dtypePolicy(): Policy {
    return this.policy;
  }

  /** The dtype its computations run in. */
  get computeDtype(): DType {
    return this.policy.computeDtype;
  }

  /** The dtype of its variables (Keras's `layer.dtype`). */
  get dtype(): DType {
    return this.policy.variableDtype;
  }

  get variableDtype(): DType {
    return this.policy.variableDtype;
  }

  get built(): boolean {
    return this.builtFlag;
  }

  /** Every weight, trainable first. */
  get weights(): Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  get trainableWeights(): Variable[] {
    return this.trainable ? this.ownWeights.filter((w) => w.trainable) : [];
  }

  get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.ownWeights.filter((w) => !w.trainable) : [...this.ownWeights];
  }

  /**
   * @internal This layer's own variables (not its sublayers'), those created trainable
   * first, each kind in creation order: Keras's order in weight files, whatever
   * `trainable` is now.
   */
  get ownVariables(): Variable[] {
    return [...this.ownWeights.filter((w) => w.trainable), ...this.ownWeights.filter((w) => !w.trainable)];
  }

  /** The number of scalars in its weights. */
  countParams(): number {
    return this.ownWeights.reduce((n, w) => n + w.size, 0);
  }

  /**
   * Creates a weight named `<layer>/<name>` in the variable dtype (float32 under the
   * mixed policies). Float weights read as the compute dtype inside `call`.
   */
  addWeight(name: string, shape: readonly number[], options: AddWeightOptions = {}): Variable {
    const dtype = options.dtype ?? this.policy.variableDtype;
    const init = getInitializer(options.initializer ?? (isFloating(dtype) ? "glorot_uniform" : "zeros"));
    // The initial value is copied into the variable; what the initializer made is freed (unless it is user code's).
    const w = libraryScope(() => new Variable(invoke(init.call, init, [shape, dtype]), options.trainable ?? true, `${this.name}/${name}`));
    w.autocast = isFloating(dtype);
    this.ownWeights.push(w);
    return w;
  }

  /** Creates the weights for inputs of `inputShape`; called once, before the first call. */
  build(_inputShape: SymbolicShape): void {}

  /** The computation, on inputs already cast to the compute dtype. */
  abstract call(inputs: Tensor, args: CallArgs): Tensor;

  /** The output shape for inputs of `inputShape` (default: unchanged). */
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** The output dtype for inputs of `inputDtype` (default: the compute dtype for floating inputs). */
  computeOutputDtype(inputDtype: DType): DType {
    return this.castsInput(inputDtype) ? this.computeDtype : inputDtype;
  }

  /** Checks inputs of `shape` against what the layer was built for; throws a ValueError naming both. */
  protected checkInputShape(_shape: SymbolicShape): void {}

  private castsInput(dtype: DType): boolean {
    return this.autocast && isFloating(dtype) && isFloating(this.computeDtype);
  }

  private maybeBuild(shape: SymbolicShape): void {
    if (this.builtFlag) {
      this.checkInputShape(shape);
      return;
    }
    // Initial values are copied into the variables; the initializers' tensors are freed.
    libraryScope(() => invoke(this.build, this, [shape]));
    this.builtFlag = true;
    this.builtShape = [...shape];
  }

  /**
   * Calls the layer: on a KerasTensor it infers the output's shape and dtype (building
   * the layer's weights, computing nothing); on a tensor it computes.
   * Example: `new layers.Dense(4).apply(keras.Input({ shape: [8] }))`.
   */
  apply(inputs: KerasTensor, args?: CallArgs): KerasTensor;
  apply(inputs: TensorLike, args?: CallArgs): Tensor;
  apply(inputs: KerasTensor | TensorLike, args: CallArgs = {}): KerasTensor | Tensor {
    if (inputs instanceof KerasTensor) {
      this.maybeBuild(inputs.shape);
      const shape = this.computeOutputShape(inputs.shape);
      return new KerasTensor(shape, this.computeOutputDtype(inputs.dtype), this.name, { layer: this, inputs: [inputs] });
    }
    // Everything the call makes but returns (autocast copies, pre-activations) is freed when it returns.
    return libraryScope(() => {
      let x = toTensor(inputs, "inputs", this.name);
      this.maybeBuild(x.shape);
      if (this.castsInput(x.dtype) && x.dtype !== this.computeDtype) x = cast(x, this.computeDtype);
      const autocastTo = this.autocast && isFloating(this.computeDtype) ? this.computeDtype : null;
      // A user's call may keep what it is given or makes, so none of that is the library's to free.
      return withAutocast(autocastTo, () => invoke(this.call, this, [x, args]));
    });
  }

  /**
   * The options that recreate this layer (camelCase; a Keras file holds them in
   * snake_case): its name, `trainable`, its policy as Keras serializes it, and each
   * subclass's own options. Example: `new layers.Dense(4).getConfig().units` is 4.
   */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: serialize(this.policy) };
    if (!this.autocast) config.autocast = false;
    return config;
  }

  /**
   * @internal Keras's `build_config`: the input shape a layer with its own `build` was
   * built for, or null (a layer without weights to build has none, as in Keras).
   */
  getBuildConfig(): { inputShape: (number | null)[] } | null {
    if (this.builtShape === null || this.build === Layer.prototype.build) return null;
    return { inputShape: [...this.builtShape] };
  }

  /**
   * A new layer from `getConfig()`'s output (the constructor called with it; a layer
   * whose constructor takes other arguments overrides this).
   * Example: `layers.Flatten.fromConfig(flatten.getConfig())`.
   */
  static fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }

  toString(): string {
    return `<${this.constructor.name} name=${this.name}, built=${this.builtFlag}>`;
  }
}

/** Throws Keras's incompatible-input error. */
export function incompatibleInput(layer: Layer, expected: string, shape: SymbolicShape): never {
  throw new ValueError(
    `Input 0 of layer "${layer.name}" is incompatible with the layer: ${expected}, but received input with shape ${formatSymbolicShape(shape)}`,
  );
}

libraryCode(Layer.prototype.build);
