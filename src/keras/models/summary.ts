/**
 * `model.summary()` in Keras's layout (tf.keras 2.x), with one more column: each
 * layer's dtype policy, which is what mixed precision changes.
 */
import { formatSymbolicShape } from "../engine/keras-tensor.js";
import { InputLayer } from "../engine/input.js";
import type { Model } from "./model.js";

const COLUMNS = [
  ["Layer (type)", 29],
  ["Output Shape", 26],
  ["Param #", 11],
  ["Dtype policy", 18],
] as const;
const WIDTH = COLUMNS.reduce((n, [, w]) => n + w, 0);

function row(cells: readonly string[]): string {
  // Keras indents each row by one space and pads every column to its width.
  return cells
    .map((c, i) => ` ${c}`.padEnd(COLUMNS[i]![1]))
    .join("")
    .trimEnd();
}

const thousands = (n: number): string => n.toLocaleString("en-US");

/** The summary's lines. */
export function formatSummary(model: Model): string[] {
  const lines = [`Model: "${model.name}"`, "_".repeat(WIDTH), row(COLUMNS.map(([title]) => title)), "=".repeat(WIDTH)];
  const outputs = new Map<unknown, string[]>();
  for (const layer of model.layers) outputs.set(layer, []);
  // Each call of a layer in the model's graph, to show its output shape (or "multiple").
  const walk = model.outputs.flatMap((t) => {
    const seen: typeof model.outputs = [];
    const visit = (k: (typeof model.outputs)[number]): void => {
      if (seen.includes(k)) return;
      seen.push(k);
      k.history?.inputs.forEach(visit);
    };
    visit(t);
    return seen;
  });
  for (const t of new Set(walk)) {
    const layer = t.history?.layer;
    if (layer && outputs.has(layer)) outputs.get(layer)!.push(layer instanceof InputLayer ? `[${formatSymbolicShape(t.shape)}]` : formatSymbolicShape(t.shape));
  }
  model.layers.forEach((layer, i) => {
    const shapes = outputs.get(layer)!;
    const shape = shapes.length === 1 ? shapes[0]! : "multiple";
    lines.push(row([`${layer.name} (${layer.constructor.name})`, shape, String(layer.countParams()), layer.dtypePolicy.name]));
    if (i < model.layers.length - 1) lines.push("");
  });
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  const total = model.countParams();
  lines.push(
    "=".repeat(WIDTH),
    `Total params: ${thousands(total)}`,
    `Trainable params: ${thousands(trainable)}`,
    `Non-trainable params: ${thousands(total - trainable)}`,
    "_".repeat(WIDTH),
  );
  return lines;
}
