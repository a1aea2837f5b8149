/** CSVLogger: writes each epoch's logs as a row of a CSV file (Keras's column order: epoch, then sorted keys). */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
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
    if (typeof filename !== "string" || filename === "")
      throw new TypeError(`Argument 'filename' of CSVLogger must be a file path, but got: ${describeValue(filename)}`);
  }

  override onTrainBegin(): void {
    this.keys = null;
    this.writeHeader = true;
    // Appending to a file that already has rows keeps its header, as Keras does.
    if (this.append && existsSync(this.filename) && readFileSync(this.filename, "utf8").length > 0) this.writeHeader = false;
    if (!this.append) writeFileSync(this.filename, "");
  }

  private writeHeader = true;

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      if (this.writeHeader) appendFileSync(this.filename, `${["epoch", ...this.keys].join(this.separator)}\n`);
    }
    const row = [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : "NA"))];
    appendFileSync(this.filename, `${row.join(this.separator)}\n`);
  }
}
