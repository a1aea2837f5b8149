/**
 * Variable: a named, mutable tensor. It stands wherever a Tensor can, and changes
 * only through `assign`, `assignAdd`, `assignSub` (or an optimizer). Each assignment
 * installs a new buffer, so tensors computed from the old value keep it.
 */
import { DataBuffer, setUserOwned } from "../backend/data-buffer.js";
import { allocOutput, runCachedCast } from "../ops/engine.js";
import { parseDType, type DType } from "../dtype/index.js";
import { describeValue, formatShape, ValueError } from "../errors.js";
import { add, sub } from "../ops/elementwise.js";
import { cast } from "../ops/cast.js";
import { toTensor } from "../ops/convert.js";
import { withAutocast } from "../ops/autocast.js";
import { isFloating } from "../dtype/index.js";
import type { TensorLike } from "../ops/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { libraryMethods, libraryScope } from "../tensor/ownership.js";

let unnamed = 0;

/** A new handle holding a copy of `t`'s values, in pooled storage. */
function copyBuffer(t: Tensor): DataBuffer {
  const src = t.view().data;
  const storage = allocOutput(t.dtype, src.length);
  storage.set(src as never);
  return new DataBuffer(t.dtype, storage);
}

export interface VariableOptions {
  /** Whether gradient tapes watch it automatically and optimizers train it. Default true. */
  trainable?: boolean;
  /** Default "Variable", made unique with a suffix. */
  name?: string;
  /** Casts the initial value to this dtype. */
  dtype?: DType;
}

export class Variable extends Tensor {
  readonly trainable: boolean;
  readonly name: string;
  /**
   * Whether reads inside a layer call are cast to the layer's compute dtype (set for
   * the float variables a layer creates, as Keras's AutoCastVariable).
   */
  autocast = false;
  /**
   * The last autocast read's result, kept until the value changes, so repeated reads
   * (predict, evaluate, the tape's forward and backward) cast once: model A's batch-32
   * forward would otherwise read 80 MB of float32 weights to write 40 MB of bfloat16.
   * Its storage is shared with the tensors handed out, which keep it past invalidation.
   */
  private castCopy: Tensor | null = null;

  /** @internal Use `tf.variable`. A variable belongs to whoever holds it (the user, a layer, an optimizer), never to a scope. */
  constructor(initial: Tensor, trainable: boolean, name: string) {
    super(copyBuffer(initial), initial.shape, null);
    this.trainable = trainable;
    this.name = name;
    this.ownerChanged();
  }

  /** @internal A variable is state someone holds, not a value awaiting collection: it never makes `tf.memory()` unreliable. */
  override ownerChanged(): void {
    if (this.record) setUserOwned(this.record, false);
  }

  /**
   * Replaces the value. `value` must have this variable's shape; numbers and arrays are
   * converted to its dtype, tensors must already have it. Returns this variable.
   * Example: `v.assign(tf.zeros(v.shape))`.
   */
  assign(value: TensorLike): this {
    this.assertLive();
    const t = toTensor(value, "value", "assign", this.dtype);
    if (t.dtype !== this.dtype) {
      throw new TypeError(`Cannot assign a ${t.dtype} tensor to variable '${this.name}' of dtype ${this.dtype}; cast it first`);
    }
    if (t.shape.length !== this.shape.length || t.shape.some((d, i) => d !== this.shape[i])) {
      throw new ValueError(`Cannot assign a tensor of shape ${formatShape(t.shape)} to variable '${this.name}' of shape ${formatShape(this.shape)}`);
    }
    if (t.buffer !== this.buffer) this.replaceBuffer(copyBuffer(t));
    return this;
  }

  /**
   * @internal Installs `next` as the value. Tensors that viewed the old value (the
   * tape's saved copies) keep it; otherwise its storage goes back to the pool.
   */
  replaceBuffer(next: DataBuffer): void {
    next.adopt(this.record!, this.buffer);
    this.buffer = next;
    this.valueChanged();
  }

  /** @internal The value changed (a new buffer, or an update in place): the cast copy is stale. */
  valueChanged(): void {
    this.castCopy?.dispose();
    this.castCopy = null;
  }

  override dispose(): void {
    this.valueChanged();
    super.dispose();
  }

  /** `assign(this + delta)`. Example: `v.assignAdd(1)`. */
  assignAdd(delta: TensorLike): this {
    return this.assign(cast(add(this, delta), this.dtype));
  }

  /** `assign(this - delta)`. */
  assignSub(delta: TensorLike): this {
    return this.assign(cast(sub(this, delta), this.dtype));
  }

  /** @internal Inside an autocast scope, an autocast float variable reads as its cast (recorded, so gradients flow back in float32). */
  override readAs(computeDtype: DType): Tensor {
    if (!this.autocast || computeDtype === this.dtype || !isFloating(this.dtype) || !isFloating(computeDtype)) return this;
    if (this.castCopy?.dtype === computeDtype) return runCachedCast(this, this.castCopy);
    const t = withAutocast(null, () => cast(this, computeDtype));
    this.castCopy?.dispose();
    this.castCopy = t.holdView(false);
    return t;
  }

  override toString(): string {
    return `Variable '${this.name}' ${super.toString()}`;
  }
}

/**
 * A new variable holding a copy of `initialValue`.
 * Example: `const v = tf.variable(tf.zeros([3]), { name: "bias" })`.
 */
export function variable(initialValue: TensorLike, options: VariableOptions = {}): Variable {
  return libraryScope(() => makeVariable(initialValue, options));
}

function makeVariable(initialValue: TensorLike, options: VariableOptions): Variable {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Argument 'options' of variable must be an object, but got: ${describeValue(options)}`);
  }
  let t = toTensor(initialValue, "initialValue", "variable");
  if (options.dtype !== undefined) t = cast(t, parseDType(options.dtype));
  const name = options.name ?? `Variable${unnamed++ === 0 ? "" : `_${unnamed - 1}`}`;
  if (typeof name !== "string") throw new TypeError(`Option 'name' of variable must be a string, but got: ${describeValue(name)}`);
  return new Variable(t, options.trainable ?? true, name);
}

libraryMethods(Variable, ["assign", "assignAdd", "assignSub"]);
