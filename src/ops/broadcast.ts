/** NumPy broadcasting of shapes, with errors that name both shapes. */
import { formatShape, ValueError } from "../errors.js";

/**
 * The shape two shapes broadcast to. Example: `broadcastShapes([2, 1], [3])` is `[2, 3]`;
 * `[2, 3]` with `[4]` throws "Incompatible shapes: [2,3] vs. [4]".
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], opName = "broadcast"): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ValueError(`Incompatible shapes for '${opName}': ${formatShape(a)} vs. ${formatShape(b)} (dimension ${da} does not broadcast with ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * The axes of `outShape` that a tensor of `shape` was broadcast along: the leading
 * extra axes and the axes where `shape` has 1 but the output does not.
 */
export function broadcastAxes(shape: readonly number[], outShape: readonly number[]): number[] {
  const axes: number[] = [];
  const offset = outShape.length - shape.length;
  for (let i = 0; i < outShape.length; i++) {
    if (i < offset || (shape[i - offset] === 1 && outShape[i] !== 1)) axes.push(i);
  }
  return axes;
}

/** Normalizes a possibly negative axis against `rank`, naming the op in the error. */
export function normalizeAxis(axis: number, rank: number, opName: string, argName = "axis"): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`Argument '${argName}' of '${opName}' must be an integer in [${-rank}, ${rank}) for a tensor of rank ${rank}, but got: ${axis}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes `axis` (one, several, or undefined for all) to sorted distinct axes. */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, rank: number, opName: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const axes = list.map((a) => normalizeAxis(a, rank, opName));
  const sorted = [...new Set(axes)].sort((x, y) => x - y);
  if (sorted.length !== axes.length) throw new ValueError(`Argument 'axis' of '${opName}' has repeated axes: ${JSON.stringify(list)}`);
  return sorted;
}
