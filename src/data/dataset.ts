/**
 * `tf.data.Dataset`: an immutable, re-iterable description of an input pipeline
 * with TF 2.x semantics. Each `for...of` (or `for await`) is a fresh pass: upstream
 * work is redone and a shuffle reshuffles, unless it was told not to.
 *
 * Iteration is synchronous and lazy: elements are computed when the loop asks for
 * them, on the calling thread.
 */
import { describeValue, ValueError } from "../errors.js";
import { scalar, type TensorValues } from "../ops/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { checkBool, checkFn, checkInt } from "./args.js";
import { batchCardinality, INFINITE_CARDINALITY, repeatCardinality, skipCardinality, takeCardinality, UNKNOWN_CARDINALITY } from "./cardinality.js";
import { chunkItems, filterItems, mapItems, repeatItems, shuffleItems, skipItems, takeItems } from "./iterators.js";
import { drawSeed, SeededInts } from "./seeded-ints.js";
import { SliceTable } from "./slices.js";
import { stackElements, type Structure } from "./structure.js";

/** What `fromTensorSlices` accepts: tensors or tensor values, in tuples and objects. */
export type SliceInput = Tensor | TensorValues | readonly SliceInput[] | { readonly [key: string]: SliceInput };

/** The element type of `fromTensorSlices(input)`: each leaf becomes one row, a Tensor. */
export type Sliced<T> = T extends Tensor ? Tensor : T extends TensorValues ? Tensor : { -readonly [K in keyof T]: Sliced<T[K]> };

/** A function of an element; a tuple element is passed as separate arguments, as in TF (`map((x, y) => ...)`). */
export type ElementFn<T, R> = [T] extends [readonly unknown[]] ? (...components: T) => R : (element: T) => R;

/** A pass over the elements, optionally as row indices into a SliceTable (so `batch` can gather). */
interface Source {
  readonly cardinality: number;
  readonly elements: () => Iterable<unknown>;
  readonly rows?: { readonly table: SliceTable; readonly indices: () => Iterable<number> };
}

/** An iteration transform that works on elements and on row indices alike. */
type Transform = <U>(upstream: () => Iterable<U>) => Iterable<U>;

function callWith<R>(fn: (...args: unknown[]) => R, element: unknown): R {
  return Array.isArray(element) ? fn(...element) : fn(element);
}

export class Dataset<T = Structure> implements Iterable<T>, AsyncIterable<T> {
  /** `cardinality()` of an endless dataset. */
  static readonly INFINITE_CARDINALITY = INFINITE_CARDINALITY;
  /** `cardinality()` when only iterating can tell (after `filter`). */
  static readonly UNKNOWN_CARDINALITY = UNKNOWN_CARDINALITY;
  /** `tf.data.AUTOTUNE`, accepted by `prefetch`. */
  static readonly AUTOTUNE = -1;

  private constructor(private readonly src: Source) {}

  /**
   * One element per row of the first axis. An array that holds tensors (or objects)
   * is a tuple of components and elements are tuples (`[x, y]`); an object gives
   * objects; an array of numbers is one tensor, as a Python list is in TF.
   * Example: `Dataset.fromTensorSlices([[1, 2], [3, 4]])` yields `[1, 2]` then `[3, 4]`;
   * `Dataset.fromTensorSlices([xTrain, yTrain])` yields `[x, y]` pairs.
   */
  static fromTensorSlices<const T extends SliceInput>(tensors: T): Dataset<Sliced<T>> {
    const table = new SliceTable(tensors);
    const indices = function* (): Generator<number> {
      for (let i = 0; i < table.length; i++) yield i;
    };
    return new Dataset({ cardinality: table.length, rows: { table, indices }, elements: () => mapItems(indices(), (i) => table.row(i)) });
  }

  /**
   * Scalar int32 tensors `start, start + step, ...` before `stop`, like Python's range
   * (TF's are int64, which kerats tensors do not have).
   * Example: `Dataset.range(3)` yields 0, 1, 2; `Dataset.range(5, 0, -2)` yields 5, 3, 1.
   */
  static range(start: number, stop?: number, step = 1): Dataset<Tensor> {
    const [lo, hi] =
      stop === undefined
        ? [0, checkInt(start, "stop", "range", -Infinity)]
        : [checkInt(start, "start", "range", -Infinity), checkInt(stop, "stop", "range", -Infinity)];
    checkInt(step, "step", "range", -Infinity);
    if (step === 0) throw new ValueError("Argument 'step' of 'Dataset.range' must not be 0");
    const count = Math.max(0, Math.ceil((hi - lo) / step));
    return new Dataset({
      cardinality: count,
      elements: function* () {
        for (let k = 0; k < count; k++) yield scalar(lo + k * step, "int32");
      },
    });
  }

  /** Applies `transform` to the row indices when there are any, else to the elements. */
  private derive(cardinality: number, transform: Transform): Dataset<T> {
    const { rows, elements } = this.src;
    if (rows) {
      const indices = (): Iterable<number> => transform(rows.indices);
      return new Dataset({ cardinality, rows: { table: rows.table, indices }, elements: () => mapItems(indices(), (i) => rows.table.row(i)) });
    }
    return new Dataset({ cardinality, elements: () => transform(elements) });
  }

  /**
   * Randomly shuffles with TF's buffer: `bufferSize` elements are held, one is picked
   * at random and its slot refilled from upstream. A buffer at least the dataset's
   * size gives a full permutation. With `seed` the order repeats from run to run; each
   * new pass reshuffles unless `reshuffleEachIteration` is false. Without a seed, one
   * is drawn from the global seed (`tf.random.setSeed`).
   * Example: `ds.shuffle(10000, 42).batch(32)`.
   */
  shuffle(bufferSize: number, seed?: number, reshuffleEachIteration = true): Dataset<T> {
    checkInt(bufferSize, "bufferSize", "shuffle", 1);
    const base = seed === undefined ? drawSeed() : checkInt(seed, "seed", "shuffle", 0);
    checkBool(reshuffleEachIteration, "reshuffleEachIteration", "shuffle");
    let pass = 0;
    // Pass k uses Philox stream k of the seed: distinct per epoch, identical across runs.
    return this.derive(this.src.cardinality, (up) => shuffleItems(up(), bufferSize, new SeededInts(base, reshuffleEachIteration ? pass++ : 0)));
  }

  /**
   * Groups consecutive elements into batches stacked along a new first axis; a pair
   * stays a pair of batched tensors. After `fromTensorSlices` (shuffled or not) a
   * batch is one `gather` (or `slice`) per component rather than a stack of rows.
   * Example: `Dataset.fromTensorSlices(tf.range(0, 5)).batch(2)` yields [0,1], [2,3], [4].
   */
  batch(batchSize: number, dropRemainder = false): Dataset<T> {
    checkInt(batchSize, "batchSize", "batch", 1);
    checkBool(dropRemainder, "dropRemainder", "batch");
    const { rows, elements } = this.src;
    const cardinality = batchCardinality(this.src.cardinality, batchSize, dropRemainder);
    if (rows) {
      return new Dataset({
        cardinality,
        elements: () => mapItems(chunkItems(rows.indices(), batchSize, dropRemainder), (g) => rows.table.rows(Int32Array.from(g))),
      });
    }
    return new Dataset({ cardinality, elements: () => mapItems(chunkItems(elements(), batchSize, dropRemainder), (g) => stackElements(g)) });
  }

  /**
   * Transforms each element; a tuple element is passed as separate arguments, as in TF.
   * Example: `ds.map((x, y) => [x.cast("float32").div(255), y])`.
   */
  map<R>(fn: ElementFn<T, R>): Dataset<R> {
    const f = checkFn(fn, "fn", "map") as (...args: unknown[]) => R;
    const { elements, cardinality } = this.src;
    return new Dataset({ cardinality, elements: () => mapItems(elements(), (e) => callWith(f, e)) });
  }

  /**
   * Keeps the elements for which `predicate` returns true (or a scalar tensor that is
   * nonzero). The cardinality becomes unknown, as in TF.
   * Example: `ds.filter((x, y) => y.dataSync()[0] !== 0)`.
   */
  filter(predicate: ElementFn<T, boolean | Tensor>): Dataset<T> {
    const f = checkFn(predicate, "predicate", "filter") as (...args: unknown[]) => boolean | Tensor;
    const keep = (e: unknown): boolean => {
      const r = callWith(f, e);
      if (typeof r === "boolean") return r;
      if (r instanceof Tensor && r.size === 1 && r.rank === 0) return r.dataSync()[0] !== 0;
      throw new TypeError(
        `The predicate of 'Dataset.filter' must return a boolean or a scalar tensor, but returned: ${r instanceof Tensor ? `a tensor of shape [${r.shape.join(",")}]` : describeValue(r)}`,
      );
    };
    const { rows, elements } = this.src;
    if (rows) {
      // Filter the row indices (testing the row each one names), so batching can still gather.
      const indices = (): Iterable<number> => filterItems(rows.indices(), (i) => keep(rows.table.row(i)));
      return new Dataset({
        cardinality: UNKNOWN_CARDINALITY,
        rows: { table: rows.table, indices },
        elements: () => mapItems(indices(), (i) => rows.table.row(i)),
      });
    }
    return new Dataset({ cardinality: UNKNOWN_CARDINALITY, elements: () => filterItems(elements(), keep) });
  }

  /** At most the first `count` elements; -1 takes all. Example: `ds.repeat().take(100)`. */
  take(count: number): Dataset<T> {
    checkInt(count, "count", "take", -1);
    return this.derive(takeCardinality(this.src.cardinality, count), (up) => takeItems(up(), count));
  }

  /** Drops the first `count` elements; -1 drops all. Example: `ds.skip(1000)`. */
  skip(count: number): Dataset<T> {
    checkInt(count, "count", "skip", -1);
    return this.derive(skipCardinality(this.src.cardinality, count), (up) => skipItems(up(), count));
  }

  /**
   * Repeats the dataset `count` times, forever when omitted (or -1); every repetition
   * is a fresh pass, so an upstream shuffle reshuffles.
   * Example: `ds.shuffle(100).repeat(3)` is three differently shuffled epochs.
   */
  repeat(count = -1): Dataset<T> {
    checkInt(count, "count", "repeat", -1);
    return this.derive(repeatCardinality(this.src.cardinality, count), (up) => repeatItems(up, count));
  }

  /**
   * Accepted so tf.data pipelines port unchanged, and it does nothing else: iteration
   * here is synchronous on the calling thread, so there is no producer that could run
   * ahead of the consumer and no work to overlap. Returns an equivalent dataset.
   * Example: `ds.batch(32).prefetch(Dataset.AUTOTUNE)`.
   */
  prefetch(bufferSize: number): Dataset<T> {
    checkInt(bufferSize, "bufferSize", "prefetch", -1);
    return new Dataset(this.src);
  }

  /**
   * The number of elements, or `Dataset.INFINITE_CARDINALITY` (-1) or
   * `Dataset.UNKNOWN_CARDINALITY` (-2), computed without iterating.
   * Example: `Dataset.fromTensorSlices(x).batch(32).cardinality()` is ceil(n / 32).
   */
  cardinality(): number {
    return this.src.cardinality;
  }

  /** All elements of one pass, in an array. Example: `Dataset.range(3).toArray().length` is 3. */
  toArray(): T[] {
    if (this.src.cardinality === INFINITE_CARDINALITY) throw new ValueError("Cannot collect an infinite dataset with 'Dataset.toArray'; use take(n) first");
    return Array.from(this);
  }

  /** A fresh pass. Example: `for (const [x, y] of ds) { ... }`. */
  [Symbol.iterator](): Iterator<T> {
    return (this.src.elements() as Iterable<T>)[Symbol.iterator]();
  }

  /** A fresh pass for `for await`; elements are computed synchronously as they are awaited. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (const e of this) yield e;
  }
}
