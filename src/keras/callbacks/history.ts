/**
 * History: what `fit` returns. `history.history.loss` (Keras's spelling) and the
 * shortcut `history.loss` both give the per-epoch values.
 */
import { Callback, type Logs } from "./callback.js";

export class History extends Callback {
  /** Per-epoch values by metric name. */
  readonly history: Record<string, number[]> = {};
  /** The epoch indexes recorded. */
  readonly epoch: number[] = [];
  [key: string]: unknown;

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) {
      if (!this.history[k]) {
        this.history[k] = [];
        if (!(k in this)) Object.defineProperty(this, k, { get: () => this.history[k], enumerable: true });
      }
      this.history[k]!.push(v);
    }
  }
}
