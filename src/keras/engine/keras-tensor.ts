/**
 * KerasTensor: a symbolic tensor (shape with `null` for unknown dimensions, dtype) that
 * `keras.Input` creates and layers produce when applied to one. It carries the layer
 * call that made it, which is how a functional Model finds its graph.
 */
import type { DType } from "../../dtype/index.js";
import type { Layer } from "./layer.js";

/** A shape with unknown (null) dimensions, e.g. `[null, 784]`. */
export type SymbolicShape = readonly (number | null)[];

/** The layer call that produced a KerasTensor. */
export interface KerasHistory {
  readonly layer: Layer;
  readonly inputs: readonly KerasTensor[];
}

let created = 0;

export class KerasTensor {
  /** @internal Creation order: a layer's calls (Keras's inbound nodes) are numbered in it. */
  readonly serial = created++;

  /** @internal Use `keras.Input` or apply a layer. */
  constructor(
    readonly shape: SymbolicShape,
    readonly dtype: DType,
    readonly name: string,
    readonly history: KerasHistory | null,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `<KerasTensor: shape=${formatSymbolicShape(this.shape)} dtype=${this.dtype} (created by layer '${this.history?.layer.name ?? this.name}')>`;
  }
}

/** Formats a symbolic shape like Keras's messages: `(None, 784)`. */
export function formatSymbolicShape(shape: SymbolicShape): string {
  return `(${shape.map((d) => (d === null ? "None" : d)).join(", ")}${shape.length === 1 ? "," : ""})`;
}
