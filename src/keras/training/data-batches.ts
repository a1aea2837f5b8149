/**
 * Turning fit/evaluate/predict inputs into batches: arrays of tensors (split into
 * batches, reshuffled each epoch) or any iterable of `[x, y]` / `[x, y, sampleWeight]`
 * batches such as a `tf.data.Dataset`.
 */
import { describeValue, formatShape, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import { toTensor } from "../../ops/convert.js";
import type { TensorLike } from "../../ops/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { asUser, disposeKept, keepOwned, libraryScope } from "../../tensor/ownership.js";

/** One batch: one tensor per model input, per target, and optional sample weights. */
export interface Batch {
  readonly x: Tensor[];
  readonly y: Tensor[];
  readonly sampleWeight: Tensor | null;
}

/** An iterable of batches (a Dataset); its `cardinality()` gives the steps when known. */
export interface BatchSource extends Iterable<unknown> {
  cardinality?(): number;
}

export function isBatchSource(v: unknown): v is BatchSource {
  return (
    typeof v === "object" &&
    v !== null &&
    !(v instanceof Tensor) &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v) &&
    typeof (v as Iterable<unknown>)[Symbol.iterator] === "function"
  );
}

/** One tensor, or one per model input/output (an array of tensors). */
export function toList(v: TensorLike | readonly TensorLike[] | undefined | null, argName: string, fn: string): Tensor[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.length > 0 && v.every((t) => t instanceof Tensor)) return v as Tensor[];
  return [toTensor(v as TensorLike, argName, fn)];
}

/** A batch from a Dataset element. */
export function batchFromElement(element: unknown, fn: string): Batch {
  const parts = Array.isArray(element) ? element : [element];
  if (parts.length < 1 || parts.length > 3) {
    throw new ValueError(`Dataset elements must be x, [x, y] or [x, y, sampleWeight], but got an element with ${parts.length} parts`);
  }
  const [x, y, w] = parts as (Tensor | Tensor[] | undefined)[];
  return { x: toList(x, "x", fn), y: toList(y, "y", fn), sampleWeight: w instanceof Tensor ? w : null };
}

/** Checks that every array has the same number of samples, and returns it. */
export function sampleCount(arrays: readonly Tensor[]): number {
  const n = arrays[0]?.shape[0];
  if (n === undefined) throw new ValueError("Expected at least one input array with a batch dimension");
  for (const t of arrays) {
    if (t.rank === 0 || t.shape[0] !== n) {
      throw new ValueError(
        `Data cardinality is ambiguous: all arrays need the same number of samples, but got shapes ${arrays.map((a) => formatShape(a.shape)).join(", ")}`,
      );
    }
  }
  return n;
}

/** Rows [begin, end) of every array. */
export function takeRows(arrays: readonly Tensor[], begin: number, end: number): Tensor[] {
  return arrays.map((t) => (begin === 0 && end === t.shape[0] ? t : ops.slice(t, [begin], [end - begin])));
}

/** A permutation of 0..n-1 from the global random stream (so tf.random.setSeed repeats it). */
function permutation(n: number): Tensor {
  const keys = ops.randomUniform([n], 0, 1, "float32").dataSync();
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return ops.tensor(Int32Array.from(order), [n], "int32");
}

/**
 * One pass over a source's batches. `next()` gives the next batch as a function to call
 * inside the step's library scope, so the batch's tensors are freed with the step's; null
 * when the pass is done. `close()` frees what the pass held.
 */
export interface BatchStream {
  next(): (() => Batch) | null;
  close(): void;
}

/**
 * Batches of `batchSize` rows (the last may be smaller), shuffled when asked. The
 * permutation of a shuffled pass is held until `close()`.
 */
export function arrayBatches(x: Tensor[], y: Tensor[], sampleWeight: Tensor | null, batchSize: number, shuffle: boolean): BatchStream {
  const all = sampleWeight ? [...x, ...y, sampleWeight] : [...x, ...y];
  const n = sampleCount(all);
  const order = shuffle
    ? libraryScope(() => {
        const p = permutation(n);
        keepOwned(p);
        return p;
      })
    : null;
  let start = 0;
  return {
    next: () => {
      if (start >= n) return null;
      const [begin, end] = [start, Math.min(n, start + batchSize)];
      start = end;
      return () => {
        const rows = order ? all.map((t) => ops.gather(t, ops.slice(order, [begin], [end - begin]))) : takeRows(all, begin, end);
        return { x: rows.slice(0, x.length), y: rows.slice(x.length, x.length + y.length), sampleWeight: sampleWeight ? rows[rows.length - 1]! : null };
      };
    },
    close: () => disposeKept(order ? [order] : []),
  };
}

/**
 * The batches of a Dataset (or any iterable of elements). Its elements are pulled as user
 * code: a pipeline may keep elements across pulls (shuffle buffers), so what it makes
 * is never the library's to free.
 */
export function datasetBatches(source: Iterable<unknown>, fn: string): BatchStream {
  const it = asUser(() => source[Symbol.iterator]());
  return {
    next: () => {
      const r = asUser(() => it.next());
      if (r.done) return null;
      // Converted in the step's scope: tensors made from plain values are the step's.
      return () => batchFromElement(r.value, fn);
    },
    close: () => void asUser(() => it.return?.()),
  };
}

/** Checks a positive integer option such as batchSize or epochs. */
export function positiveInt(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 1)
    throw new ValueError(`Argument '${name}' must be a positive integer, but got: ${describeValue(value)}`);
  return value as number;
}
