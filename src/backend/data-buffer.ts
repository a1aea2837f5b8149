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
}

const liveBytes = new Map<DType, number>();
let liveBuffers = 0;

function account(dtype: DType, bytes: number, buffers: number): void {
  liveBytes.set(dtype, (liveBytes.get(dtype) ?? 0) + bytes);
  liveBuffers += buffers;
}

// Collected buffers that were never disposed are counted out here.
const registry = new FinalizationRegistry<Accounting>((acc) => {
  if (!acc.released) {
    acc.released = true;
    account(acc.dtype, -acc.bytes, -1);
  }
});

export class DataBuffer {
  private refs = 0;
  private readonly acc: Accounting;

  constructor(
    readonly dtype: DType,
    readonly storage: Storage,
  ) {
    this.acc = { dtype, bytes: storage.length * itemsize(dtype), released: false };
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
}

/** The memory report behind `tf.memory()`. */
export function memoryInfo(): MemoryInfo {
  const bytesByDtype: Partial<Record<DType, number>> = {};
  let numBytes = 0;
  for (const [dtype, bytes] of liveBytes) {
    if (bytes > 0) bytesByDtype[dtype] = bytes;
    numBytes += bytes;
  }
  return { numBytes, numDataBuffers: liveBuffers, bytesByDtype, unreliable: true };
}
