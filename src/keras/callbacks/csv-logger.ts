/** CSVLogger: writes each epoch's logs as a row of a CSV file (Keras's column order: epoch, then sorted keys). */
import { appendFileSync, writeFileSync } from "node:fs";
import { describeValue } from "../../errors.js";
import { Callback, type Logs } from "./callback.js";

export class CSVLogger extends Callback {
  private keys: string[] | null = null;

  /** Example: `new callbacks.CSVLogger("training.csv")`. */
  constructor(
    readonly filename: string,
    readonly separator = ",",
    readonly append = false,
  ) {
    super();
    if (typeof filename !== "string" || filename === "") throw new TypeError(`Argument 'filename' of CSVLogger must be a file path, but got: ${describeValue(filename)}`);
  }

  override onTrainBegin(): void {
    this.keys = null;
    if (!this.append) writeFileSync(this.filename, "");
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      appendFileSync(this.filename, ["epoch", ...this.keys].join(this.separator) + "\n");
    }
    const row = [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : "NA"))];
    appendFileSync(this.filename, row.join(this.separator) + "\n");
  }
}
