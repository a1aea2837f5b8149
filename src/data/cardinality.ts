/**
 * Dataset cardinality as tf.data reports it: a count, or one of two sentinels. The
 * arithmetic of each transformation lives here so the rules (TF's, from
 * `tensorflow/core/kernels/data`) can be read in one place.
 */

/** The dataset never ends (`repeat()` without a count). Same value as TF. */
export const INFINITE_CARDINALITY = -1;
/** The count cannot be known without iterating (`filter`). Same value as TF. */
export const UNKNOWN_CARDINALITY = -2;

const isCount = (n: number): boolean => n >= 0;

/** `take(count)`: at most `count` elements; -1 takes all. */
export function takeCardinality(n: number, count: number): number {
  if (n === UNKNOWN_CARDINALITY) return n;
  if (count < 0) return n;
  if (n === INFINITE_CARDINALITY) return count;
  return Math.min(n, count);
}

/** `skip(count)`: drops `count` elements; -1 drops all. */
export function skipCardinality(n: number, count: number): number {
  if (!isCount(n)) return n;
  if (count < 0) return 0;
  return Math.max(0, n - count);
}

/** `repeat(count)`: -1 repeats forever, except that an empty dataset stays empty. */
export function repeatCardinality(n: number, count: number): number {
  if (count < 0) return n === 0 ? 0 : INFINITE_CARDINALITY;
  if (count === 0) return 0;
  if (!isCount(n)) return n;
  return count * n;
}

/** `batch(size, dropRemainder)`: whole batches, plus a partial one unless dropped. */
export function batchCardinality(n: number, batchSize: number, dropRemainder: boolean): number {
  if (!isCount(n)) return n;
  return dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}
