/**
 * Dataset elements are nested structures: a tensor, an array (a tuple such as
 * `[x, y]`), or a plain object (`{ image, label }`) of structures. Batching works
 * leaf by leaf, so a pair stays a pair and an object keeps its keys.
 */
import { describeValue, formatShape, ValueError } from "../errors.js";
import { stack } from "../ops/shape-ops.js";
import { Tensor } from "../tensor/tensor.js";

/** A dataset element: a tensor, a tuple of elements, or an object of elements. */
export type Structure = Tensor | readonly Structure[] | { readonly [key: string]: Structure };

/** True for `{...}` literals (not tensors, arrays, typed arrays or class instances). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Human-readable path of a component inside an element, for error messages. */
function child(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : `${path}.${key}`;
}

function label(path: string): string {
  return path === "" ? "the element" : `component ${path.replace(/^\./, "")}`;
}

/**
 * Stacks same-structured elements along a new first axis (what `batch` does).
 * Numbers and booleans are accepted as scalar leaves, as TF converts Python scalars.
 * Example: `stackElements([[a0, b0], [a1, b1]])` is `[stack([a0, a1]), stack([b0, b1])]`.
 */
export function stackElements<T>(elements: readonly T[]): T {
  return stackAt(elements as readonly unknown[], "") as T;
}

function stackAt(items: readonly unknown[], path: string): unknown {
  const first = items[0];
  if (Array.isArray(first)) {
    items.forEach((it, i) => {
      if (!Array.isArray(it) || it.length !== first.length) {
        throw new ValueError(`Cannot batch ${label(path)}: element 0 is an array of ${first.length} components but element ${i} is ${describeValue(it)}`);
      }
    });
    return first.map((_, k) =>
      stackAt(
        items.map((it) => (it as unknown[])[k]),
        child(path, k),
      ),
    );
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    items.forEach((it, i) => {
      const ok = isPlainObject(it) && Object.keys(it).length === keys.length && keys.every((k) => k in it);
      if (!ok) throw new ValueError(`Cannot batch ${label(path)}: element 0 has keys [${keys.join(", ")}] but element ${i} is ${describeValue(it)}`);
    });
    for (const k of keys)
      out[k] = stackAt(
        items.map((it) => (it as Record<string, unknown>)[k]),
        child(path, k),
      );
    return out;
  }
  return stackLeaves(items, path);
}

function stackLeaves(items: readonly unknown[], path: string): Tensor {
  const isLeaf = (v: unknown): boolean => v instanceof Tensor || typeof v === "number" || typeof v === "boolean";
  items.forEach((it, i) => {
    if (!isLeaf(it)) throw new TypeError(`Cannot batch ${label(path)}: element ${i} should be a Tensor, but is ${describeValue(it)}`);
  });
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((it, i) => {
      const t = it as Tensor;
      if (!(it instanceof Tensor) || t.dtype !== first.dtype) {
        throw new TypeError(
          `Cannot batch ${label(path)}: element 0 is a ${first.dtype} tensor but element ${i} is ${it instanceof Tensor ? `a ${t.dtype} tensor` : describeValue(it)}`,
        );
      }
      if (t.rank !== first.rank || t.shape.some((d, j) => d !== first.shape[j])) {
        throw new ValueError(
          `Cannot batch tensors with different shapes in ${label(path)}. First element had shape ${formatShape(first.shape)} and element ${i} had shape ${formatShape(t.shape)}.`,
        );
      }
    });
  }
  return stack(items as (Tensor | number | boolean)[]);
}
