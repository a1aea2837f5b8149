/**
 * Keras's progress bar (tf.keras 2.x `Progbar`): `6/6 [==============================]
 * - 1s 83ms/step - loss: 0.7987 - accuracy: 0.7520`. Updates in place on a TTY; on
 * other outputs only the final line of each bar is written.
 */

/** Where progress goes: process.stdout by default, or a capture in tests. */
export interface ProgressOutput {
  write(text: string): void;
  /** In-place updates are possible (a terminal). */
  readonly isTTY?: boolean;
}

const WIDTH = 30;

/** Keras's number format: 4 decimals, or scientific notation for tiny values. */
export function formatValue(v: number): string {
  return Math.abs(v) > 1e-3 ? v.toFixed(4) : v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
}

/** " 83ms/step" etc. */
export function formatTimePerUnit(seconds: number, unit: string): string {
  if (seconds >= 1 || seconds === 0) return ` ${seconds.toFixed(0)}s/${unit}`;
  if (seconds >= 1e-3) return ` ${(seconds * 1e3).toFixed(0)}ms/${unit}`;
  return ` ${(seconds * 1e6).toFixed(0)}us/${unit}`;
}

function formatEta(seconds: number): string {
  if (seconds > 3600)
    return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
  if (seconds > 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
  return `${Math.floor(seconds)}s`;
}

export class Progbar {
  private readonly start = performance.now();
  private afterFirstStep: number | null = null;
  private previousWidth = 0;

  /**
   * @param target the number of steps (null when unknown)
   * @param verbose 1: a bar; 2: one line when finished
   */
  constructor(
    private readonly target: number | null,
    private readonly verbose: 1 | 2,
    private readonly out: ProgressOutput,
    private readonly unit = "step",
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  private stepTime(current: number, t: number): number {
    let perUnit = (t - this.start) / 1000 / Math.max(current, 1);
    if (this.afterFirstStep !== null && current > 1) perUnit = (t - this.afterFirstStep) / 1000 / (current - 1);
    if (current === 1) this.afterFirstStep = t;
    return perUnit;
  }

  private values(values: Record<string, number>): string {
    return Object.entries(values)
      .map(([k, v]) => ` - ${k}: ${formatValue(v)}`)
      .join("");
  }

  /** Reports step `current` with the running metric values; `finalize` ends the bar. */
  update(current: number, values: Record<string, number>, finalize = false): void {
    const t = this.now();
    const elapsed = ` - ${((t - this.start) / 1000).toFixed(0)}s`;
    const perUnit = this.stepTime(current, t);
    const digits = this.target === null ? 0 : String(this.target).length;
    if (this.verbose === 2) {
      if (!finalize) return;
      const count = this.target === null ? `${current}` : `${String(current).padStart(digits)}/${this.target}`;
      // tf.keras 2.9+: "313/313 - 1s - loss: 0.1387 - accuracy: 0.9591 - 1s/epoch - 3ms/step"
      const timing = ` -${formatTimePerUnit((t - this.start) / 1000, "epoch")} -${formatTimePerUnit(perUnit, this.unit)}`;
      this.out.write(`${count}${elapsed}${this.values(values)}${timing}\n`);
      return;
    }
    const dynamic = this.out.isTTY === true;
    if (!dynamic && !finalize) return;
    let bar = "";
    if (this.target !== null) {
      bar = `${String(current).padStart(digits)}/${this.target} [`;
      const width = Math.floor((WIDTH * current) / this.target);
      if (width > 0) bar += "=".repeat(width - 1) + (current < this.target ? ">" : "=");
      bar += `${".".repeat(WIDTH - width)}]`;
    } else {
      bar = `${current}/Unknown`;
    }
    const timing =
      this.target === null || finalize ? `${elapsed}${formatTimePerUnit(perUnit, this.unit)}` : ` - ETA: ${formatEta(perUnit * (this.target - current))}`;
    let line = `${bar}${timing}${this.values(values)}`;
    const width = line.length;
    if (dynamic && this.previousWidth > width) line += " ".repeat(this.previousWidth - width);
    this.previousWidth = width;
    this.out.write(`${dynamic ? "\r" : ""}${line}${finalize ? "\n" : ""}`);
  }
}
