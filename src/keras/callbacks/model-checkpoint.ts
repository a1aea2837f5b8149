/**
 * ModelCheckpoint: saves the model at the end of each epoch, or only when the monitored
 * value improves, in the format the file name says (`.keras`: the whole model, Keras's
 * archive; `.weights.h5`: Keras's weights file, with the optimizer's state; `.npz`:
 * NumPy's). `{epoch}` and log names in the path are filled in, as Keras does with
 * `{epoch:02d}`-style fields.
 */
import { describeValue, ValueError } from "../../errors.js";
import { log } from "../../logging.js";
import { Callback, type Logs } from "./callback.js";
import { checkOptions, optionKeys } from "../../options.js";

export interface ModelCheckpointOptions {
  monitor?: string;
  verbose?: number;
  saveBestOnly?: boolean;
  mode?: "auto" | "min" | "max";
  /** Save only the weights (a `.weights.h5` or `.npz` name) or the whole model (a `.keras` name). Default: what the name says. */
  saveWeightsOnly?: boolean;
}

const CHECKPOINT_KEYS = optionKeys<ModelCheckpointOptions>({ monitor: true, verbose: true, saveBestOnly: true, mode: true, saveWeightsOnly: true });

/** What ModelCheckpoint needs of a model. */
interface Saveable {
  saveWeights(path: string): Promise<void>;
  save(path: string): Promise<void>;
}

export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly verbose: number;
  readonly saveWeightsOnly: boolean;
  private readonly maximize: boolean;
  best: number;

  /** Example: `new callbacks.ModelCheckpoint("ckpt-{epoch:02d}.weights.h5", { saveBestOnly: true })`. */
  constructor(
    readonly filepath: string,
    options: ModelCheckpointOptions = {},
  ) {
    super();
    if (typeof filepath !== "string" || filepath === "")
      throw new TypeError(`Argument 'filepath' of ModelCheckpoint must be a file path, but got: ${describeValue(filepath)}`);
    const o = checkOptions(options, CHECKPOINT_KEYS, "ModelCheckpoint");
    const weightsName = filepath.endsWith(".weights.h5") || filepath.endsWith(".npz");
    const saveWeightsOnly = o.saveWeightsOnly ?? weightsName;
    if (typeof saveWeightsOnly !== "boolean")
      throw new TypeError(`Option 'saveWeightsOnly' of ModelCheckpoint must be a boolean, but got: ${describeValue(saveWeightsOnly)}`);
    if (saveWeightsOnly && !weightsName) {
      throw new ValueError(
        `When using \`saveWeightsOnly=true\` in \`ModelCheckpoint\`, the filepath provided must end in \`.weights.h5\` (Keras weights format) or \`.npz\` (NumPy). Received: filepath=${filepath}`,
      );
    }
    if (!saveWeightsOnly && !filepath.endsWith(".keras")) {
      throw new ValueError(`The filepath provided must end in \`.keras\` (Keras model format). Received: filepath=${filepath}`);
    }
    const { monitor = "val_loss", verbose = 0, saveBestOnly = false, mode = "auto" } = o;
    if (!["auto", "min", "max"].includes(mode))
      throw new ValueError(`Argument 'mode' of ModelCheckpoint must be 'auto', 'min' or 'max', but got: ${describeValue(mode)}`);
    this.monitor = monitor;
    this.verbose = verbose;
    this.saveBestOnly = saveBestOnly;
    this.saveWeightsOnly = saveWeightsOnly;
    this.maximize = mode === "max" || (mode === "auto" && /acc|auc|fmeasure/.test(monitor));
    this.best = this.maximize ? -Infinity : Infinity;
  }

  /** The path for an epoch: `{epoch}` / `{epoch:02d}` (1-based, as Keras) and `{loss:.2f}`-style log fields. */
  pathFor(epoch: number, logs: Logs): string {
    return this.filepath.replace(/\{(\w+)(?::(\d*)(?:\.(\d+))?([df]))?\}/g, (_whole, key: string, width?: string, precision?: string, kind?: string) => {
      const value = key === "epoch" ? epoch + 1 : logs[key];
      if (value === undefined) throw new ValueError(`Failed to format this callback filepath: "${this.filepath}". Reason: '${key}' is not available`);
      const text = kind === "f" ? value.toFixed(Number(precision ?? 6)) : kind === "d" ? String(Math.trunc(value)) : String(value);
      return width ? text.padStart(Number(width), width.startsWith("0") ? "0" : " ") : text;
    });
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const model = this.model as unknown as Saveable | null;
    if (!model) return;
    const path = this.pathFor(epoch, logs);
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        log("warn", `Can save best model only with ${this.monitor} available, skipping.`);
        return;
      }
      const improved = this.maximize ? current > this.best : current < this.best;
      if (!improved) {
        if (this.verbose > 0) process.stdout.write(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best.toFixed(5)}\n`);
        return;
      }
      if (this.verbose > 0)
        process.stdout.write(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${path}\n`);
      this.best = current;
    } else if (this.verbose > 0) {
      process.stdout.write(`\nEpoch ${epoch + 1}: saving model to ${path}\n`);
    }
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
  }
}
