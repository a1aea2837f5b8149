/**
 * Owned storage with memory accounting. Tensors share a DataBuffer when one is a
 * view of another (reshape); the buffer is released when every tensor using it is
 * disposed, or when the garbage collector takes the last of them.
 */
import { itemsize, type DType, type Storage } from "../dtype/index.js";

interface Accounting {
  dtype: DType;
  bytes: number;
  released: boolean;
  /** Kept so a collected buffer's storage can be recycled. */
  storage: Storage;
}

const liveBytes = new Map<DType, number>();
let liveBuffers = 0;

function account(dtype: DType, bytes: number, buffers: number): void {
  liveBytes.set(dtype, (liveBytes.get(dtype) ?? 0) + bytes);
  liveBuffers += buffers;
}

/**
 * Storage of released buffers, kept for reuse by the next allocation of the same dtype
 * and length. Touching fresh memory is slow (a page fault per 4 KiB, about 1 ms per
 * MiB on these machines), and training allocates tensors of the same few sizes every
 * step. Buffers below MIN_POOLED bytes are left to the allocator. The pool holds at
 * most KERATS_POOL_BYTES (default 1 GiB); the oldest entries are dropped first.
 */
const MIN_POOLED = 1 << 16;
const poolLimit = Number(process.env.KERATS_POOL_BYTES ?? 2 ** 30);
const pool = new Map<string, Storage[]>();
let pooledBytes = 0;

function poolKey(dtype: DType, length: number): string {
  return `${dtype}:${length}`;
}

function recycle(dtype: DType, storage: Storage, bytes: number): void {
  if (bytes < MIN_POOLED || bytes > poolLimit) return;
  const key = poolKey(dtype, storage.length);
  const list = pool.get(key);
  if (list) list.push(storage);
  else pool.set(key, [storage]);
  pooledBytes += bytes;
  // Map iteration follows insertion order, so the first keys are the oldest sizes.
  for (const [k, entries] of pool) {
    if (pooledBytes <= poolLimit) break;
    while (entries.length > 0 && pooledBytes > poolLimit) {
      const dropped = entries.shift()!;
      pooledBytes -= dropped.byteLength;
    }
    if (entries.length === 0) pool.delete(k);
  }
}

/**
 * Storage for `length` elements of `dtype` from released buffers, or undefined. Its
 * contents are whatever the last user left unless `zeroed`.
 */
export function takePooled(dtype: DType, length: number, zeroed: boolean): Storage | undefined {
  if (length * itemsize(dtype) < MIN_POOLED) return undefined;
  const list = pool.get(poolKey(dtype, length));
  const storage = list?.pop();
  if (!storage) return undefined;
  if (list!.length === 0) pool.delete(poolKey(dtype, length));
  pooledBytes -= storage.byteLength;
  if (zeroed) storage.fill(0);
  return storage;
}

// Collected buffers that were never disposed are counted out and recycled here.
const registry = new FinalizationRegistry<Accounting>((acc) => {
  if (!acc.released) {
    acc.released = true;
    account(acc.dtype, -acc.bytes, -1);
    recycle(acc.dtype, acc.storage, acc.bytes);
  }
});

export class DataBuffer {
  private refs = 0;
  private readonly acc: Accounting;

  constructor(
    readonly dtype: DType,
    readonly storage: Storage,
  ) {
    this.acc = { dtype, bytes: storage.length * itemsize(dtype), released: false, storage };
    account(dtype, this.acc.bytes, 1);
    registry.register(this, this.acc, this);
  }

  /** Bytes this buffer holds. */
  get bytes(): number {
    return this.acc.bytes;
  }

  get released(): boolean {
    return this.acc.released;
  }

  /** How many tensors use this buffer (views share one). */
  get users(): number {
    return this.refs;
  }

  /** A tensor starts using this buffer. */
  retain(): void {
    this.refs++;
  }

  /** A tensor stops using this buffer; the last one releases it. */
  release(): void {
    this.refs--;
    if (this.refs <= 0 && !this.acc.released) {
      this.acc.released = true;
      account(this.dtype, -this.acc.bytes, -1);
      registry.unregister(this);
      recycle(this.dtype, this.storage, this.acc.bytes);
    }
  }
}

/** Memory held by live (not disposed, not yet collected) buffers. */
export interface MemoryInfo {
  /** Total bytes. */
  numBytes: number;
  /** Number of live data buffers (views share one). */
  numDataBuffers: number;
  /** Bytes per dtype; dtypes with nothing live are left out. */
  bytesByDtype: Partial<Record<DType, number>>;
  /** Always true: collected buffers are counted out only when the collector runs. */
  unreliable: boolean;
  /** Bytes of released storage kept for reuse (not counted in numBytes). */
  pooledBytes: number;
}

/** The memory report behind `tf.memory()`. */
export function memoryInfo(): MemoryInfo {
  const bytesByDtype: Partial<Record<DType, number>> = {};
  let numBytes = 0;
  for (const [dtype, bytes] of liveBytes) {
    if (bytes > 0) bytesByDtype[dtype] = bytes;
    numBytes += bytes;
  }
  return { numBytes, numDataBuffers: liveBuffers, bytesByDtype, unreliable: true, pooledBytes };
}
