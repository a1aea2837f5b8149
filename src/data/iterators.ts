/**
 * The transformations of a dataset as plain generators over any element type. The
 * same code runs on elements and, for sliced tensors, on row indices (see
 * dataset.ts), so a shuffled, repeated, batched `fromTensorSlices` moves numbers
 * around until `batch` gathers whole batches.
 */
import type { SeededInts } from "./seeded-ints.js";

/** The first `count` items (all when count is -1), pulling no item beyond them. */
export function* takeItems<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count === 0) return;
  let k = 0;
  for (const v of items) {
    yield v;
    if (++k === count) return;
  }
}

/** All items after the first `count` (none when count is -1). */
export function* skipItems<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count < 0) return;
  let k = 0;
  for (const v of items) if (k++ >= count) yield v;
}

/**
 * `count` fresh passes (forever when -1). A pass that yields nothing ends an endless
 * repeat, as TF does, so `repeat()` of an empty dataset terminates.
 */
export function* repeatItems<T>(pass: () => Iterable<T>, count: number): Generator<T> {
  for (let k = 0; count < 0 || k < count; k++) {
    let any = false;
    for (const v of pass()) {
      any = true;
      yield v;
    }
    if (!any) return;
  }
}

/**
 * TF's shuffle buffer: fill `bufferSize` items, then repeatedly emit a uniformly
 * chosen one and put the next input item in its place; once the input ends the
 * buffer drains in random order. A buffer at least as large as the input gives a
 * uniform permutation; a smaller one only mixes items that are close.
 */
export function* shuffleItems<T>(items: Iterable<T>, bufferSize: number, rng: SeededInts): Generator<T> {
  const buffer: T[] = [];
  const it = items[Symbol.iterator]();
  try {
    for (let r = it.next(); ; r = it.next()) {
      if (r.done) break;
      buffer.push(r.value);
      if (buffer.length < bufferSize) continue;
      const k = rng.next(buffer.length);
      const out = buffer[k]!;
      buffer[k] = buffer[buffer.length - 1]!;
      buffer.pop();
      yield out;
    }
    while (buffer.length > 0) {
      const k = rng.next(buffer.length);
      const out = buffer[k]!;
      buffer[k] = buffer[buffer.length - 1]!;
      buffer.pop();
      yield out;
    }
  } finally {
    it.return?.();
  }
}

/** Consecutive groups of `size`; the last, shorter group is dropped when `dropRemainder`. */
export function* chunkItems<T>(items: Iterable<T>, size: number, dropRemainder: boolean): Generator<T[]> {
  let group: T[] = [];
  for (const v of items) {
    group.push(v);
    if (group.length === size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0 && !dropRemainder) yield group;
}

/** Each item through `fn`. */
export function* mapItems<T, U>(items: Iterable<T>, fn: (v: T) => U): Generator<U> {
  for (const v of items) yield fn(v);
}

/** The items for which `keep` is true. */
export function* filterItems<T>(items: Iterable<T>, keep: (v: T) => boolean): Generator<T> {
  for (const v of items) if (keep(v)) yield v;
}
