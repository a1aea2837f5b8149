/**
 * The Tensor: an immutable n-dimensional array with a shape and a dtype over a
 * reference-counted storage handle (DataBuffer). Op methods (`x.add(y)`, ...) are
 * attached by `chain.ts`, which keeps this class below the ops layer. Who frees a
 * tensor is its owner's business (ownership.ts): the library frees its own, the
 * user's are garbage collected or `dispose()`d.
 */
import { DataBuffer, setUserOwned, type TensorRecord } from "../backend/data-buffer.js";
import type { TensorView } from "../backend/backend.js";
import { sizeOf } from "../backend/shape.js";
import { bfloat16ArrayToFloat32, float16ArrayToFloat32, type DType, type Storage } from "../dtype/index.js";
import { DisposedTensorError, formatShape } from "../errors.js";
import { adopt, currentOwner, HELD, setTensorCheck, type Owner } from "./ownership.js";

/** What `dataSync()` returns for each dtype: 16-bit floats decode to Float32Array. */
export interface DataTypeMap {
  float32: Float32Array;
  float16: Float32Array;
  bfloat16: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

/** Nested arrays of numbers (or booleans for bool tensors), as `arraySync()` returns. */
export type NestedArray = number | boolean | NestedArray[];

let nextId = 0;

export class Tensor {
  /** A process-unique id, used by the gradient tape. */
  readonly id = nextId++;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** @internal The data; a Variable swaps it on assignment. */
  buffer: DataBuffer;
  /** @internal Who frees it (see ownership.ts). */
  owner: Owner;
  /** @internal Its entry in the memory accounting. */
  protected record: TensorRecord | null;
  private disposed = false;

  /**
   * @internal Use `tf.tensor` and the other creation functions. A new tensor belongs
   * to the current owner (the library scope running, a tidy, or the user) unless
   * `owner` says otherwise.
   */
  constructor(buffer: DataBuffer, shape: readonly number[], owner: Owner = currentOwner()) {
    this.buffer = buffer;
    this.shape = Object.freeze([...shape]);
    this.dtype = buffer.dtype;
    this.size = sizeOf(shape);
    this.owner = owner;
    this.record = buffer.track(this, owner === null);
    adopt(this);
  }

  /** @internal A new tensor over fresh storage. */
  static fromStorage(storage: Storage, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new DataBuffer(dtype, storage), shape);
  }

  /**
   * @internal A second tensor over the same storage that belongs to no scope, for a
   * holder (the gradient tape) that disposes it itself. It keeps the values alive
   * even if this tensor is disposed.
   */
  holdView(userOwned = true): Tensor {
    this.assertLive();
    const view = new Tensor(this.buffer, this.shape, HELD);
    // A holder the user drops (a tape) leaves its views to the collector: count them as the
    // user's. A library holder (a variable's cast copy) passes false.
    setUserOwned(view.record!, userOwned);
    // The same value: a tape that records ops on the view sees the original's id.
    (view as { id: number }).id = this.id;
    return view;
  }

  /**
   * @internal A disposed stand-in for tensor `id` with its shape and dtype and no data:
   * what a holder keeps of a value it only needs the shape of. Reading it throws.
   */
  static shell(id: number, shape: readonly number[], dtype: DType): Tensor {
    const t = new Tensor(DataBuffer.empty(dtype), shape, HELD);
    t.dispose();
    (t as { id: number }).id = id;
    return t;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees the data now instead of waiting for garbage collection. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.buffer.releaseTensor(this, this.record!);
    this.buffer = DataBuffer.empty(this.dtype);
    this.record = null;
  }

  /** @internal Keeps the accounting's user/library split in step with `owner`. */
  ownerChanged(): void {
    if (this.record) setUserOwned(this.record, this.owner === null);
  }

  /** @internal Throws if disposed. */
  assertLive(): void {
    if (this.disposed) {
      throw new DisposedTensorError(
        `Tensor is disposed: a ${this.dtype} tensor of shape ${formatShape(this.shape)} was freed with dispose() and can no longer be used.`,
      );
    }
  }

  /**
   * @internal The value an op sees inside an autocast scope of `computeDtype`: the
   * tensor itself; autocast variables override this to read cast.
   */
  readAs(_computeDtype: DType): Tensor {
    return this;
  }

  /** @internal What kernels see. */
  view(): TensorView {
    this.assertLive();
    return { dtype: this.dtype, shape: this.shape, data: this.buffer.storage };
  }

  /**
   * The values as a new typed array. float16/bfloat16 decode to Float32Array.
   * Example: `tf.tensor([1, 2], [2], "float16").dataSync()` is `Float32Array [1, 2]`.
   */
  dataSync<D extends DType = DType>(): DataTypeMap[D] {
    const data = this.view().data;
    if (this.dtype === "float16") return float16ArrayToFloat32(data as Uint16Array) as DataTypeMap[D];
    if (this.dtype === "bfloat16") return bfloat16ArrayToFloat32(data as Uint16Array) as DataTypeMap[D];
    return data.slice() as DataTypeMap[D];
  }

  /** `dataSync()` as a promise, for TensorFlow.js compatibility. */
  async data<D extends DType = DType>(): Promise<DataTypeMap[D]> {
    return this.dataSync<D>();
  }

  /**
   * The raw stored elements as a new array: the bit patterns for float16/bfloat16.
   * Example: `tf.scalar(1, "float16").bitsSync()` is `Uint16Array [0x3c00]`.
   */
  bitsSync(): Storage {
    return this.view().data.slice();
  }

  /** The values as nested arrays (booleans for bool). Example: `tf.eye(2).arraySync()` is `[[1, 0], [0, 1]]`. */
  arraySync(): NestedArray {
    const flat = this.dataSync();
    const values: (number | boolean)[] = this.dtype === "bool" ? Array.from(flat, (v) => v !== 0) : Array.from(flat);
    return nest(values, this.shape, 0, 0);
  }

  /** `arraySync()` as a promise. */
  async array(): Promise<NestedArray> {
    return this.arraySync();
  }

  toString(): string {
    if (this.disposed) return `Tensor(disposed, shape=${formatShape(this.shape)}, dtype=${this.dtype})`;
    const values = this.size <= 1000 ? JSON.stringify(this.arraySync()) : `[${this.size} values]`;
    return `Tensor(${values}, shape=${formatShape(this.shape)}, dtype=${this.dtype})`;
  }
}

setTensorCheck((v: unknown): v is Tensor => v instanceof Tensor);

function nest(values: (number | boolean)[], shape: readonly number[], dim: number, offset: number): NestedArray {
  if (dim === shape.length) return values[offset]!;
  const inner = sizeOf(shape.slice(dim + 1));
  const out: NestedArray[] = [];
  for (let i = 0; i < shape[dim]!; i++) out.push(nest(values, shape, dim + 1, offset + i * inner));
  return out;
}
