/**
 * The tensors behind `Dataset.fromTensorSlices`: the leaves of the given structure,
 * all sharing a first dimension, and how to rebuild an element from sliced leaves.
 * Rows are read by index, which is what lets `batch` gather a shuffled batch in one
 * `gather` per component instead of stacking single rows.
 */
import { describeValue, formatShape, ValueError } from "../errors.js";
import type { TensorLike } from "../ops/creation.js";
import { toTensor } from "../ops/convert.js";
import { gather, reshape, slice } from "../ops/shape-ops.js";
import { libraryScope } from "../tensor/ownership.js";
import { Tensor } from "../tensor/tensor.js";
import { isPlainObject } from "./structure.js";

type Rebuild = (leaves: readonly Tensor[]) => unknown;

interface Flat {
  leaves: { tensor: Tensor; path: string }[];
  rebuild: Rebuild;
}

/**
 * An array is a tuple of components when it holds a tensor or an object; an array of
 * plain numbers is tensor values, as a Python list is in `from_tensor_slices`.
 */
function isTuple(v: unknown): v is readonly unknown[] {
  return Array.isArray(v) && v.some((e) => e instanceof Tensor || isPlainObject(e));
}

function flatten(input: unknown, path: string, leaves: Flat["leaves"]): Rebuild {
  if (isTuple(input)) {
    if (input.length === 0) throw new ValueError("Argument 'tensors' of 'Dataset.fromTensorSlices' has an empty tuple");
    const parts = input.map((e, i) => flatten(e, `${path}[${i}]`, leaves));
    return (ls) => parts.map((p) => p(ls));
  }
  if (isPlainObject(input)) {
    const keys = Object.keys(input);
    if (keys.length === 0) throw new ValueError(`Argument 'tensors' of 'Dataset.fromTensorSlices' has an empty object${path ? ` at ${path}` : ""}`);
    const parts = keys.map((k) => [k, flatten(input[k], `${path}.${k}`, leaves)] as const);
    return (ls) => Object.fromEntries(parts.map(([k, p]) => [k, p(ls)]));
  }
  const t = toTensor(input as TensorLike, `tensors${path}`, "Dataset.fromTensorSlices");
  if (t.rank === 0) {
    throw new ValueError(`Argument 'tensors${path}' of 'Dataset.fromTensorSlices' must have rank >= 1 to be sliced along its first axis, but got a scalar`);
  }
  const index = leaves.length;
  // A view of today's buffer: a Variable assigned later does not change the dataset.
  leaves.push({ tensor: reshape(t, t.shape), path });
  return (ls) => ls[index]!;
}

/** Leaves of a `fromTensorSlices` input, checked to share the first dimension. */
export class SliceTable {
  readonly length: number;
  private readonly tensors: readonly Tensor[];
  private readonly rebuild: Rebuild;

  /** Example: `new SliceTable([x, y])` for a pair of tensors with the same first dimension. */
  constructor(input: unknown) {
    if (input === null || input === undefined) {
      throw new TypeError(
        `Argument 'tensors' of 'Dataset.fromTensorSlices' must be a tensor, an array of tensors or an object of tensors, but got: ${describeValue(input)}`,
      );
    }
    const leaves: Flat["leaves"] = [];
    this.rebuild = flatten(input, "", leaves);
    const first = leaves[0]!;
    for (const leaf of leaves) {
      if (leaf.tensor.shape[0] !== first.tensor.shape[0]) {
        throw new ValueError(
          `All components of 'Dataset.fromTensorSlices' must have the same first dimension, but tensors${first.path} has shape ${formatShape(first.tensor.shape)} and tensors${leaf.path} has shape ${formatShape(leaf.tensor.shape)}`,
        );
      }
    }
    this.tensors = leaves.map((l) => l.tensor);
    this.length = first.tensor.shape[0]!;
  }

  /** Element `i`: every component's row `i`, its first axis removed. Example: `table.row(0)`. */
  row(i: number): unknown {
    // The slice is freed; the element is a view of its storage.
    return libraryScope(() => this.rebuild(this.tensors.map((t) => reshape(slice(t, [i], [1]), t.shape.slice(1)))));
  }

  /** The rows at `indices` stacked along a new first axis: a slice when they are consecutive, else a gather. Example: `table.rows(Int32Array.of(4, 1))`. */
  rows(indices: Int32Array): unknown {
    const start = indices[0]!;
    const consecutive = indices.every((v, k) => v === start + k);
    return libraryScope(() =>
      this.rebuild(
        this.tensors.map((t) => (consecutive ? reshape(slice(t, [start], [indices.length]), [indices.length, ...t.shape.slice(1)]) : gather(t, indices))),
      ),
    );
  }
}
