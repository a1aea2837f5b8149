/**
 * Reuse of released host storage, sized by the working set.
 *
 * Touching fresh memory costs a page fault per 4 KiB (about 1 ms per MiB here), and a
 * training step allocates the same few sizes every step, so storage released by the
 * library's reference counts is kept and handed to the next allocation that fits it:
 * whatever the dtype (a [8192, 4096] bfloat16 activation and a [4096, 4096] float32
 * gradient share one size), and up to twice the bytes asked for, so a step whose sizes
 * peak at different moments shares buffers instead of keeping one set per size. Only
 * storage the library allocated itself is pooled (never a view into a user's data). How much is kept follows the working set instead of a fixed limit: every
 * allocation advances a byte clock, and a pooled array that the working set has
 * cycled past (twice the bytes in use plus pooled, at least 64 MiB, allocated since it
 * was released) without being reused is dropped, so the pool shrinks after a model is
 * deleted or a bigger batch is done. An idle process also gives its pool back after a
 * few seconds. Arrays below 64 KiB are left to V8's allocator.
 */
import type { Storage } from "../dtype/index.js";

const MIN_POOLED = 1 << 16;
const MIN_TURNOVER = 64 * 2 ** 20;
const IDLE_MS = 5000;

interface Entry {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  /** Bytes from `byteOffset` to the end of the buffer. */
  readonly capacity: number;
  /** The byte clock when it was released. */
  readonly at: number;
}

/** A typed-array constructor, to view pooled bytes as the dtype asked for. */
type StorageClass = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Storage;

/** Pooled buffers by capacity, each list oldest first. */
const pool = new Map<number, Entry[]>();
/** Buffers the library allocated for tensor storage: the only ones it may pool. */
const allocated = new WeakSet<ArrayBufferLike>();
let pooled = 0;
/** Bytes handed out by `takeStorage` and the allocators since start: the pool's clock. */
let clock = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

/** Marks freshly allocated storage as the library's, so it is pooled when released. */
export function adoptStorage(storage: Storage): void {
  if (storage.byteLength >= MIN_POOLED) allocated.add(storage.buffer);
}

/** The smallest pooled capacity in [bytes, 2 * bytes], or undefined. */
function bestFit(bytes: number): number | undefined {
  let best: number | undefined;
  for (const capacity of pool.keys()) {
    if (capacity >= bytes && capacity <= 2 * bytes && (best === undefined || capacity < best)) best = capacity;
  }
  return best;
}

/**
 * Storage of `kind` with `length` elements from the pool, or undefined. Contents are
 * whatever its last user left. `inUse` is the bytes live outside the pool, for trimming.
 */
export function takeStorage(kind: StorageClass, length: number, bytesPerElement: number, inUse: number): Storage | undefined {
  const bytes = length * bytesPerElement;
  clock += bytes;
  if (bytes < MIN_POOLED) return undefined;
  const capacity = bestFit(bytes);
  if (capacity === undefined) {
    trim(inUse);
    return undefined;
  }
  const list = pool.get(capacity)!;
  const entry = list.pop()!;
  if (list.length === 0) pool.delete(capacity);
  pooled -= capacity;
  trim(inUse);
  return new kind(entry.buffer, entry.byteOffset, length);
}

/** Returns released storage to the pool (storage the library did not allocate goes to the collector). */
export function recycleStorage(storage: Storage, inUse: number): void {
  if (!allocated.has(storage.buffer)) return;
  const capacity = storage.buffer.byteLength - storage.byteOffset;
  const entry = { buffer: storage.buffer, byteOffset: storage.byteOffset, capacity, at: clock };
  const list = pool.get(capacity);
  if (list) list.push(entry);
  else pool.set(capacity, [entry]);
  pooled += capacity;
  trim(inUse);
  armIdleTimer();
}

/** Drops pooled arrays the working set has cycled past without reusing them. */
function trim(inUse: number): void {
  const horizon = clock - Math.max(MIN_TURNOVER, 2 * (inUse + pooled));
  for (const [key, list] of pool) {
    let dropped = 0;
    while (dropped < list.length && list[dropped]!.at < horizon) {
      pooled -= list[dropped]!.capacity;
      dropped++;
    }
    if (dropped === list.length) pool.delete(key);
    else if (dropped > 0) list.splice(0, dropped);
  }
}

// An idle process keeps nothing: the timer is unref'd, so it never keeps Node alive.
function armIdleTimer(): void {
  if (idleTimer !== null) idleTimer.refresh();
  else {
    idleTimer = setTimeout(() => {
      idleTimer = null;
      releasePooledStorage();
    }, IDLE_MS);
    idleTimer.unref?.();
  }
}

/** Empties the pool; the arrays go back to V8's collector. */
export function releasePooledStorage(): void {
  pool.clear();
  pooled = 0;
}

/** Bytes held by the pool. */
export function pooledBytes(): number {
  return pooled;
}
