/**
 * The storage handle: a backend's storage with a reference count and memory accounting.
 *
 * Every tensor holds one reference to the handle it views (reshape views and the
 * gradient tape's saved values share one). When the last reference is released the
 * storage goes back to the backend's pool at once. A tensor the garbage collector takes
 * without being disposed never releases its reference: its storage is then freed by the
 * collector together with the handle, and only the accounting waits for the
 * FinalizationRegistry. The registry's held values never reference storage, so they
 * never keep memory alive past a collection.
 */
import { allocStorage, itemsize, type DType, type Storage } from "../dtype/index.js";
import { pooledBytes, recycleStorage } from "./storage-pool.js";

/** What the accounting knows of one handle; shared by the records of the tensors that view it. */
interface Accounting {
  readonly dtype: DType;
  readonly bytes: number;
  /** Live tensors viewing the handle (disposed and collected ones are counted out). */
  refs: number;
  released: boolean;
}

/**
 * @internal Per tensor: which handle it views and whether the user owns it (so
 * `tf.memory()` can say what may be awaiting collection). Held by the registry, so it
 * must never reference storage.
 */
export interface TensorRecord {
  acc: Accounting;
  userOwned: boolean;
}

const liveBytes = new Map<DType, number>();
let totalLive = 0;
let liveBuffers = 0;
let liveTensors = 0;
let userTensors = 0;

let peakLive = 0;

function account(acc: Accounting, sign: 1 | -1): void {
  liveBytes.set(acc.dtype, (liveBytes.get(acc.dtype) ?? 0) + sign * acc.bytes);
  totalLive += sign * acc.bytes;
  liveBuffers += sign;
  if (totalLive > peakLive) peakLive = totalLive;
}

/** @internal Starts a new peak measurement (`tf.memory().peakBytes`); returns the previous peak. */
export function resetPeakBytes(): number {
  const previous = peakLive;
  peakLive = totalLive;
  return previous;
}

/** Drops one reference; the last one counts the handle out. Returns whether it was the last. */
function drop(acc: Accounting): boolean {
  acc.refs--;
  if (acc.refs > 0 || acc.released) return false;
  acc.released = true;
  account(acc, -1);
  return true;
}

// A tensor taken by the collector without dispose(): count it out. Its storage is
// already unreachable (or still held by another live view) and is not pooled.
const registry = new FinalizationRegistry<TensorRecord>((record) => {
  liveTensors--;
  if (record.userOwned) userTensors--;
  drop(record.acc);
});

const EMPTY = new Map<DType, DataBuffer>();

export class DataBuffer {
  /** @internal */
  readonly acc: Accounting;

  /**
   * `free` takes the storage back when the last reference goes: host storage returns to
   * the pool; a backend with device memory passes its own (the ownership rules do not
   * change). `counted` is false only for the empty handle of disposed tensors.
   */
  constructor(
    readonly dtype: DType,
    readonly storage: Storage,
    private readonly free: (storage: Storage, inUse: number) => void = recycleStorage,
    counted = true,
  ) {
    this.acc = { dtype, bytes: storage.length * itemsize(dtype), refs: counted ? 0 : 1, released: !counted };
    if (counted) account(this.acc, 1);
  }

  /**
   * @internal The handle a disposed tensor points at, so that a disposed tensor the
   * user still holds keeps no storage alive: empty, never counted, never released.
   */
  static empty(dtype: DType): DataBuffer {
    let b = EMPTY.get(dtype);
    if (!b) {
      b = new DataBuffer(dtype, allocStorage(dtype, 0), recycleStorage, false);
      EMPTY.set(dtype, b);
    }
    return b;
  }

  /** Bytes this handle holds. */
  get bytes(): number {
    return this.acc.bytes;
  }

  get released(): boolean {
    return this.acc.released;
  }

  /** How many live tensors view this handle. */
  get users(): number {
    return this.acc.refs;
  }

  /**
   * @internal A tensor (`token`) starts viewing this handle; returns its record, which
   * `releaseTensor` takes back. The collector counts it out if it is never released.
   */
  track(token: object, userOwned: boolean): TensorRecord {
    this.acc.refs++;
    liveTensors++;
    if (userOwned) userTensors++;
    const record: TensorRecord = { acc: this.acc, userOwned };
    registry.register(token, record, token);
    return record;
  }

  /** @internal Moves a tracked tensor (a Variable on assignment) from its handle to this one. */
  adopt(record: TensorRecord, from: DataBuffer): void {
    this.acc.refs++;
    record.acc = this.acc;
    from.unref();
  }

  /** @internal The tensor `token` stops viewing this handle (dispose); the last one frees the storage. */
  releaseTensor(token: object, record: TensorRecord): void {
    registry.unregister(token);
    liveTensors--;
    if (record.userOwned) userTensors--;
    this.unref();
  }

  private unref(): void {
    if (drop(this.acc)) this.free(this.storage, totalLive);
  }
}

/** @internal Ownership of a tracked tensor passed to the user (true) or back to the library. */
export function setUserOwned(record: TensorRecord, userOwned: boolean): void {
  if (record.userOwned === userOwned) return;
  record.userOwned = userOwned;
  userTensors += userOwned ? 1 : -1;
}

/** @internal Bytes held by live handles, for the pool's working-set estimate. */
export function liveHandleBytes(): number {
  return totalLive;
}

/** Memory held by live tensors, as `tf.memory()` reports it. */
export interface MemoryInfo {
  /** Bytes of live storage (views share one). */
  numBytes: number;
  /** Live tensors (not disposed and not yet collected), views and variables included. */
  numTensors: number;
  /** Live storage handles (views share one). */
  numDataBuffers: number;
  /** Bytes per dtype; dtypes with nothing live are left out. */
  bytesByDtype: Partial<Record<DType, number>>;
  /**
   * True while tensors handed to user code are live and not disposed: one that was
   * dropped stays counted until the garbage collector takes it. What the library keeps
   * for itself is always exact.
   */
  unreliable: boolean;
  /** Why `unreliable` is set, as TensorFlow.js reports it. */
  reasons: string[];
  /** Bytes of released storage kept for reuse (not counted in numBytes). */
  pooledBytes: number;
  /** The most bytes live at once since the process started (counted as numBytes is). */
  peakBytes: number;
}

/** The memory report behind `tf.memory()`. Example: `tf.memory().bytesByDtype.bfloat16`. */
export function memoryInfo(): MemoryInfo {
  const bytesByDtype: Partial<Record<DType, number>> = {};
  for (const [dtype, bytes] of liveBytes) if (bytes > 0) bytesByDtype[dtype] = bytes;
  const reasons =
    userTensors > 0
      ? [`${userTensors} tensor(s) handed to user code (or saved by its gradient tapes) are counted until they are disposed or garbage collected`]
      : [];
  return {
    numBytes: totalLive,
    numTensors: liveTensors,
    numDataBuffers: liveBuffers,
    bytesByDtype,
    unreliable: userTensors > 0,
    reasons,
    pooledBytes: pooledBytes(),
    peakBytes: peakLive,
  };
}
