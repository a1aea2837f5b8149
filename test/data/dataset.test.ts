import { test } from "node:test";
import assert from "node:assert/strict";
import "../../src/tensor/chain.js";
import { Dataset } from "../../src/data/index.js";
import { range, tensor } from "../../src/ops/index.js";
import { setSeed } from "../../src/ops/random.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { assertTensor } from "../helpers.js";

/** The elements of one pass of a dataset of tensors, as nested arrays. */
const values = (ds: Iterable<Tensor>): unknown[] => Array.from(ds, (t) => t.arraySync());
const flat = (ds: Iterable<Tensor>): number[] => Array.from(ds, (t) => Array.from(t.dataSync())).flat();

test("fromTensorSlices slices along the first axis (TF: [[1,2],[3,4]] gives two elements)", () => {
  const ds = Dataset.fromTensorSlices([
    [1, 2],
    [3, 4],
  ]);
  assert.equal(ds.cardinality(), 2);
  const elements = [...ds];
  assert.equal(elements.length, 2);
  assertTensor(elements[0]!, "float32", [2], [1, 2]);
  assertTensor(elements[1]!, "float32", [2], [3, 4]);
  const scalars = [...Dataset.fromTensorSlices(tensor([7, 8, 9], [3], "uint8"))];
  assert.deepEqual(
    scalars.map((t) => [t.dtype, t.shape.length, t.dataSync()[0]]),
    [
      ["uint8", 0, 7],
      ["uint8", 0, 8],
      ["uint8", 0, 9],
    ],
  );
  assert.equal(Dataset.fromTensorSlices(tensor([], [0, 3])).toArray().length, 0);
});

test("a pair stays a pair and an object keeps its keys", () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const y = tensor([0, 1, 2], [3], "int32");
  const pairs = [...Dataset.fromTensorSlices([x, y])];
  assert.equal(pairs.length, 3);
  const [x1, y1] = pairs[1]!;
  assertTensor(x1, "float32", [2], [3, 4]);
  assertTensor(y1, "int32", [], [1]);
  const objs = [...Dataset.fromTensorSlices({ image: x, label: y })];
  assert.deepEqual(Object.keys(objs[2]!), ["image", "label"]);
  assertTensor(objs[2]!.image, "float32", [2], [5, 6]);
  assertTensor(objs[2]!.label, "int32", [], [2]);
  const nested = [...Dataset.fromTensorSlices([x, { y, z: [10, 20, 30] }])];
  assertTensor(nested[0]![1].z, "float32", [], [10]);
});

test("fromTensorSlices snapshots its tensors and rejects mismatched or scalar components", () => {
  assert.throws(
    () =>
      Dataset.fromTensorSlices([
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([1, 2, 3]),
      ]),
    /same first dimension.*tensors\[0\] has shape \[2,2\] and tensors\[1\] has shape \[3\]/,
  );
  assert.throws(() => Dataset.fromTensorSlices({ a: tensor([1]), b: tensor([1, 2]) }), /tensors\.a has shape \[1\] and tensors\.b has shape \[2\]/);
  assert.throws(() => Dataset.fromTensorSlices(tensor(3)), /must have rank >= 1.*scalar/);
  assert.throws(() => Dataset.fromTensorSlices({}), /empty object/);
  assert.throws(() => Dataset.fromTensorSlices(null as never), /must be a tensor, an array of tensors or an object of tensors, but got: null/);
});

test("batch stacks elements, keeps the remainder unless dropRemainder", () => {
  const ds = Dataset.fromTensorSlices(range(0, 5, 1, "int32"));
  const b = [...ds.batch(2)];
  assert.deepEqual(
    b.map((t) => t.arraySync()),
    [[0, 1], [2, 3], [4]],
  );
  assert.equal(b[0]!.dtype, "int32");
  assert.equal(ds.batch(2).cardinality(), 3);
  assert.deepEqual(values(ds.batch(2, true)), [
    [0, 1],
    [2, 3],
  ]);
  assert.equal(ds.batch(2, true).cardinality(), 2);
  assert.deepEqual(values(ds.batch(10)), [[0, 1, 2, 3, 4]]);
  const pairs = [
    ...Dataset.fromTensorSlices([
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([7, 8, 9]),
    ]).batch(2),
  ];
  assertTensor(pairs[0]![0], "float32", [2, 2], [1, 2, 3, 4]);
  assertTensor(pairs[1]![1], "float32", [1], [9]);
  const objs = [...Dataset.fromTensorSlices({ a: tensor([1, 2, 3]) }).batch(3)];
  assertTensor(objs[0]!.a, "float32", [3], [1, 2, 3]);
});

test("batch of computed elements stacks them, leaf by leaf, and names a shape mismatch", () => {
  const mapped = Dataset.fromTensorSlices([
    tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
    tensor([7, 8, 9]),
  ]).map((x, y) => [x.mul(10), { y }] as const);
  const [first] = [...mapped.batch(2)];
  assertTensor(first![0], "float32", [2, 2], [10, 20, 30, 40]);
  assertTensor(first![1].y, "float32", [2], [7, 8]);
  const ragged = Dataset.range(1, 4).map((n) => range(0, n.dataSync()[0]!));
  assert.throws(
    () => [...ragged.batch(2)],
    /Cannot batch tensors with different shapes in the element\. First element had shape \[1\] and element 1 had shape \[2\]/,
  );
  const raggedPair = Dataset.range(1, 4).map((n) => [n, range(0, n.dataSync()[0]!)]);
  assert.throws(() => [...raggedPair.batch(3)], /different shapes in component \[1\]/);
});

test("shuffle is a permutation, repeatable with a seed, reshuffled on each pass", () => {
  const n = 100;
  const ds = Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(n, 42);
  const a = flat(ds);
  const b = flat(ds);
  assert.deepEqual(
    [...a].sort((p, q) => p - q),
    Array.from({ length: n }, (_, i) => i),
  );
  assert.notDeepEqual(
    a,
    Array.from({ length: n }, (_, i) => i),
  );
  assert.notDeepEqual(a, b, "a new pass reshuffles");
  const again = Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(n, 42);
  assert.deepEqual(flat(again), a, "the same seed gives the same first pass");
  assert.deepEqual(flat(again), b, "and the same second pass");
  assert.notDeepEqual(flat(Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(n, 43)), a);
  const fixed = Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(n, 7, false);
  const once = flat(fixed);
  assert.notDeepEqual(
    once,
    Array.from({ length: n }, (_, i) => i),
    "reshuffleEachIteration false still shuffles",
  );
  assert.deepEqual(flat(fixed), once, "reshuffleEachIteration false repeats the order");
});

test("shuffle follows TF's buffer semantics", () => {
  const n = 200;
  const identity = Array.from({ length: n }, (_, i) => i);
  assert.deepEqual(flat(Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(1, 3)), identity, "a buffer of 1 does not reorder");
  const orders = new Set<string>();
  for (let seed = 0; seed < 5; seed++) {
    // Output k is picked from a buffer holding only inputs 0 .. k + bufferSize - 1.
    const out = flat(Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(10, seed));
    assert.deepEqual(
      [...out].sort((p, q) => p - q),
      identity,
    );
    out.forEach((v, k) => assert.ok(v < k + 10, `output ${k} is ${v}, beyond the buffer`));
    assert.notDeepEqual(out, identity, `seed ${seed}: a buffer of 10 reorders`);
    orders.add(out.join());
  }
  assert.equal(orders.size, 5, "five seeds, five orders");
  // Works on computed (non-sliced) elements too.
  assert.deepEqual(
    flat(
      Dataset.range(20)
        .map((x) => x.mul(2))
        .shuffle(5, 1),
    ).sort((p, q) => p - q),
    Array.from({ length: 20 }, (_, i) => 2 * i),
  );
});

test("an unseeded shuffle follows tf.random.setSeed: the same seed, the same order; another seed, another order", () => {
  const n = 50;
  const identity = Array.from({ length: n }, (_, i) => i);
  const shuffledAfter = (seed: number): number[] => {
    setSeed(seed);
    return flat(Dataset.fromTensorSlices(range(0, n, 1, "int32")).shuffle(n));
  };
  const a = shuffledAfter(1234);
  assert.deepEqual(
    [...a].sort((p, q) => p - q),
    identity,
    "a permutation of the input",
  );
  assert.notDeepEqual(a, identity, "the elements are reordered");
  assert.deepEqual(shuffledAfter(1234), a);
  assert.notDeepEqual(shuffledAfter(4321), a);
});

test("shuffled batches gather whole rows and keep pairs aligned", () => {
  const x = tensor(Array.from({ length: 10 }, (_, i) => [i, 100 + i]));
  const y = range(0, 10, 1, "int32");
  const batches = [...Dataset.fromTensorSlices([x, y]).shuffle(10, 5).batch(4)];
  assert.deepEqual(
    batches.map(([xb]) => xb.shape),
    [
      [4, 2],
      [4, 2],
      [2, 2],
    ],
  );
  const seen: number[] = [];
  for (const [xb, yb] of batches) {
    const xs = xb.arraySync() as number[][];
    const ys = Array.from(yb.dataSync());
    ys.forEach((label, i) => assert.deepEqual(xs[i], [label, 100 + label]));
    seen.push(...ys);
  }
  assert.deepEqual(
    seen.sort((p, q) => p - q),
    Array.from({ length: 10 }, (_, i) => i),
  );
  // The gather path and the stack path give the same batches.
  const viaStack = Dataset.fromTensorSlices([x, y])
    .shuffle(10, 5)
    .map((a, b) => [a, b])
    .batch(4);
  assert.deepEqual(
    [...viaStack].map(([xb, yb]) => [xb.arraySync(), yb.arraySync()]),
    batches.map(([xb, yb]) => [xb.arraySync(), yb.arraySync()]),
  );
});

test("repeat, take, skip and their cardinalities", () => {
  const ds = Dataset.fromTensorSlices(range(0, 5, 1, "int32"));
  assert.deepEqual(flat(ds.repeat(2)), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  assert.equal(ds.repeat(2).cardinality(), 10);
  assert.equal(ds.repeat().cardinality(), Dataset.INFINITE_CARDINALITY);
  assert.equal(Dataset.INFINITE_CARDINALITY, -1);
  assert.equal(Dataset.UNKNOWN_CARDINALITY, -2);
  assert.deepEqual(flat(ds.repeat().take(7)), [0, 1, 2, 3, 4, 0, 1]);
  assert.equal(ds.repeat().take(7).cardinality(), 7);
  assert.equal(ds.repeat().batch(2).cardinality(), Dataset.INFINITE_CARDINALITY);
  assert.deepEqual(flat(ds.skip(3)), [3, 4]);
  assert.equal(ds.skip(3).cardinality(), 2);
  assert.equal(ds.skip(9).cardinality(), 0);
  assert.deepEqual(flat(ds.skip(-1)), []);
  assert.deepEqual(flat(ds.take(-1)), [0, 1, 2, 3, 4]);
  assert.equal(ds.take(-1).cardinality(), 5);
  assert.deepEqual(flat(ds.take(0)), []);
  assert.deepEqual(flat(ds.skip(2).take(2).repeat(2)), [2, 3, 2, 3]);
  assert.equal(ds.repeat(0).cardinality(), 0);
  const empty = ds.take(0).repeat();
  assert.equal(empty.cardinality(), 0);
  assert.deepEqual(flat(empty), [], "repeating an empty dataset ends");
  const odd = ds.filter((x) => x.dataSync()[0]! % 2 === 1);
  assert.equal(odd.cardinality(), Dataset.UNKNOWN_CARDINALITY);
  assert.equal(odd.repeat(3).cardinality(), Dataset.UNKNOWN_CARDINALITY);
  assert.deepEqual(flat(odd), [1, 3]);
  assert.deepEqual(values(odd.batch(2)), [[1, 3]]);
  assert.deepEqual(values(Dataset.range(5).filter((x) => x.dataSync()[0]! > 2)), [3, 4]);
  assert.equal(ds.batch(2).prefetch(Dataset.AUTOTUNE).cardinality(), 3);
});

test("shuffle before repeat reshuffles every epoch; repeat before shuffle mixes epochs", () => {
  const epochs = flat(
    Dataset.fromTensorSlices(range(0, 20, 1, "int32"))
      .shuffle(20, 9)
      .repeat(2),
  );
  const [e1, e2] = [epochs.slice(0, 20), epochs.slice(20)];
  assert.deepEqual(
    [...e1].sort((p, q) => p - q),
    [...e2].sort((p, q) => p - q),
  );
  assert.notDeepEqual(e1, e2);
  const mixed = flat(
    Dataset.fromTensorSlices(range(0, 3, 1, "int32"))
      .repeat(4)
      .shuffle(12, 2),
  );
  assert.deepEqual([...mixed].sort(), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
});

test("map passes a tuple as arguments and an object as one argument", () => {
  const ds = Dataset.fromTensorSlices([tensor([1, 2]), tensor([10, 20])]).map((x, y) => x.add(y));
  assert.deepEqual(flat(ds), [11, 22]);
  assert.equal(ds.cardinality(), 2);
  const objs = Dataset.fromTensorSlices({ a: tensor([1, 2]), b: tensor([3, 4]) }).map(({ a, b }) => a.mul(b));
  assert.deepEqual(flat(objs), [3, 8]);
  const scaled = Dataset.fromTensorSlices(tensor([[0, 255]], [1, 2], "uint8")).map((x) => x.cast("float32").div(255));
  assert.deepEqual(values(scaled), [[0, 1]]);
});

test("each for...of is a fresh pass, early exits are clean, and for await works", async () => {
  const ds = Dataset.fromTensorSlices(range(0, 4, 1, "int32"));
  for (const _ of ds) break;
  assert.deepEqual(flat(ds), [0, 1, 2, 3]);
  const seen: number[] = [];
  for await (const [x, y] of Dataset.fromTensorSlices([range(0, 3), range(3, 6)]).batch(2)) seen.push(x.shape[0]!, y.dataSync()[0]!);
  assert.deepEqual(seen, [2, 3, 1, 5]);
  let k = 0;
  for (const _ of ds.repeat()) if (++k === 11) break;
  assert.equal(k, 11);
});

test("Dataset.range and toArray", () => {
  assert.deepEqual(values(Dataset.range(3)), [0, 1, 2]);
  assert.deepEqual(values(Dataset.range(5, 0, -2)), [5, 3, 1]);
  assert.equal(Dataset.range(2, 10, 3).cardinality(), 3);
  assert.equal(Dataset.range(3).toArray()[0]!.dtype, "int32");
  assert.throws(() => Dataset.range(0, 3, 0), /'step' of 'Dataset.range' must not be 0/);
  assert.throws(() => Dataset.range(3).repeat().toArray(), /infinite dataset/);
});

test("invalid arguments name the argument, the expectation and the value", () => {
  const ds = Dataset.range(3);
  assert.throws(() => ds.batch(0), /Argument 'batchSize' of 'Dataset.batch' must be an integer >= 1, but got: 0/);
  assert.throws(() => ds.batch(1.5), /Argument 'batchSize' of 'Dataset.batch' must be an integer, but got: 1.5/);
  assert.throws(() => ds.batch(2, "yes" as never), /Argument 'dropRemainder' of 'Dataset.batch' must be a boolean, but got: 'yes'/);
  assert.throws(() => ds.shuffle(0), /Argument 'bufferSize' of 'Dataset.shuffle' must be an integer >= 1, but got: 0/);
  assert.throws(() => ds.shuffle(4, -1), /Argument 'seed' of 'Dataset.shuffle' must be an integer >= 0, but got: -1/);
  assert.throws(() => ds.take(-2), /Argument 'count' of 'Dataset.take' must be an integer >= 0, or -1, but got: -2/);
  assert.throws(() => ds.skip(Number.NaN), /Argument 'count' of 'Dataset.skip' must be an integer, but got: NaN/);
  assert.throws(() => ds.repeat("2" as never), /Argument 'count' of 'Dataset.repeat' must be an integer, but got: '2'/);
  assert.throws(() => ds.prefetch(-3), /Argument 'bufferSize' of 'Dataset.prefetch'/);
  assert.throws(() => ds.map(3 as never), /Argument 'fn' of 'Dataset.map' must be a function, but got: 3/);
  assert.throws(() => [...ds.filter(() => 1 as never)], /predicate of 'Dataset.filter' must return a boolean or a scalar tensor, but returned: 1/);
});
