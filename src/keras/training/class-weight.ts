/**
 * `fit`'s `classWeight`: a loss weight per class index, turned into per-sample weights.
 * As tf.keras 2.x, the keys must be exactly 0..K-1 and every label in `y` must have one:
 * a class silently weighted 1 would be a wrong result, not a default.
 */
import { describeValue, ValueError } from "../../errors.js";
import * as ops from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";

/** Class index -> loss weight, as `fit(x, y, { classWeight: { 0: 1, 1: 5 } })` takes it. */
export type ClassWeight = Readonly<Record<number, number>>;

/** The weights in class order, after checking the keys and values. Example: `classWeightTable({ 0: 1, 1: 5 }, "fit")` is [1, 5]. */
export function classWeightTable(classWeight: unknown, fn: string): number[] {
  if (typeof classWeight !== "object" || classWeight === null || Array.isArray(classWeight)) {
    throw new ValueError(`Argument 'classWeight' passed to '${fn}' must be an object mapping class indices to weights, but got: ${describeValue(classWeight)}`);
  }
  const entries = Object.entries(classWeight as Record<string, unknown>);
  const keys = entries.map(([k]) => Number(k)).sort((a, b) => a - b);
  if (keys.length === 0 || keys.some((k, i) => k !== i)) {
    const shown = `{${entries.map(([k, v]) => `${k}: ${describeValue(v)}`).join(", ")}}`;
    throw new ValueError(`Expected \`classWeight\` passed to '${fn}' to be a dict with keys from 0 to one less than the number of classes, found ${shown}`);
  }
  const table = new Array<number>(keys.length);
  for (const [k, v] of entries) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ValueError(`Argument 'classWeight' passed to '${fn}' must map each class to a finite number, but class ${k} has: ${describeValue(v)}`);
    }
    table[Number(k)] = v;
  }
  return table;
}

/**
 * Per-sample weights (float32, one per row) from sparse or one-hot labels `y`.
 * Example: `classSampleWeights(tf.tensor([0, 1, 1]), { 0: 1, 1: 5 }, "fit")` is [1, 5, 5].
 */
export function classSampleWeights(y: Tensor, classWeight: unknown, fn: string): Tensor {
  const table = classWeightTable(classWeight, fn);
  const labels = y.rank > 1 && y.shape[y.rank - 1]! > 1 ? ops.argmax(y, -1) : ops.reshape(y, [y.shape[0] ?? 1]);
  const values = labels.dataSync();
  const weights = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const label = Number(values[i]);
    const w = table[label];
    if (w === undefined) {
      throw new ValueError(
        `\`classWeight\` passed to '${fn}' has no weight for class ${describeValue(label)}, which \`y\` holds at sample ${i}; it has weights for classes 0 to ${table.length - 1}`,
      );
    }
    weights[i] = w;
  }
  return ops.tensor(weights, [values.length], "float32");
}
