/**
 * Model weights on disk, in the format the file name says: `.weights.h5` is Keras 3's
 * HDF5 layout (weights-h5.ts: Keras reads it, and kerats reads Keras's), `.npz` a NumPy
 * archive (`np.savez` layout: `arr_0`, `arr_1`, ... in `model.weights` order). A save
 * writes a temporary file beside the target and renames it, so a failed save leaves no
 * partial file under the target's name.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describeValue, ValueError } from "../../errors.js";
import { type H5Group, readH5, writeH5 } from "../../io/hdf5.js";
import { encodeNpz } from "../../io/npy-writer.js";
import { npyToTensor } from "../../io/npy.js";
import { readNpz } from "../../io/npz.js";
import type { Tensor } from "../../tensor/tensor.js";
import { loadWeightsTree, type WeightsModel, weightsTree } from "./weights-h5.js";

type Format = "h5" | "npz" | "keras";

function formatOf(path: unknown, fn: string): Format {
  if (typeof path !== "string" || path === "") throw new TypeError(`Argument 'filepath' of ${fn} must be a file path, but got: ${describeValue(path)}`);
  if (path.endsWith(".weights.h5")) return "h5";
  if (path.endsWith(".npz")) return "npz";
  if (fn === "loadWeights") {
    if (path.endsWith(".keras")) return "keras";
    throw new ValueError(`The filename must end in \`.weights.h5\` or \`.keras\` (Keras's formats) or \`.npz\` (NumPy's). Received: filepath=${path}`);
  }
  throw new ValueError(`The filename must end in \`.weights.h5\` (Keras's format) or \`.npz\` (NumPy's). Received: filepath=${path}`);
}

/**
 * The members `names` of a Keras 3 `.keras` archive (a zip), each required; `path`
 * names the file in errors. Example: `await readKerasArchive("m.keras", ["config.json"])`.
 */
export async function readKerasArchive(path: string, names: readonly string[]): Promise<Record<string, Uint8Array>> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(await readFile(path), { filter: (f) => names.includes(f.name) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw e;
    throw new ValueError(`${path} is not a Keras archive (not a zip file: ${(e as Error).message})`);
  }
  for (const name of names) if (!members[name]) throw new ValueError(`${path} is not a Keras archive: it has no member '${name}'`);
  return members;
}

/** Runs `use` on a path in a new temporary directory, removed afterwards: h5wasm reads and writes HDF5 at paths only. */
async function withTempFile<T>(use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "kerats-keras-"));
  try {
    return await use(join(dir, "model.weights.h5"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** HDF5 bytes as a tree (read through a temporary file); `file` names them in errors. */
export function h5FromBytes(bytes: Uint8Array, file: string): Promise<H5Group> {
  return withTempFile(async (tmp) => {
    await writeFile(tmp, bytes);
    return readH5(tmp, file);
  });
}

/** A tree as HDF5 bytes (written through a temporary file). */
export function h5ToBytes(tree: H5Group): Promise<Uint8Array> {
  return withTempFile(async (tmp) => {
    await writeH5(tmp, tree);
    return new Uint8Array(await readFile(tmp));
  });
}

/** Runs `write` on a temporary path beside `path`, then renames it to `path` (removing it on failure). */
export async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Writes `model`'s weights (and, in `.weights.h5`, its optimizer's state) to `path`. Example: `await saveWeightsFile(model, "m.weights.h5")`. */
export async function saveWeightsFile(model: WeightsModel, path: string): Promise<void> {
  // The values are copied (h5) or encoded (npz) before the first await, so training may go on.
  if (formatOf(path, "saveWeights") === "h5") {
    const tree = weightsTree(model);
    await writeAtomically(path, (tmp) => writeH5(tmp, tree));
    return;
  }
  const bytes = encodeNpz(Object.fromEntries(model.weights.map((w, i) => [`arr_${i}`, w])));
  await writeAtomically(path, (tmp) => writeFile(tmp, bytes));
}

/**
 * Restores `model` from `path`. From `.weights.h5` (or the weights inside a Keras
 * `.keras` archive, as Keras's `load_weights` reads them) the optimizer's state comes
 * too; from `.npz` the values go through `setValues` (which checks every shape first).
 */
export async function loadWeightsFile(model: WeightsModel, path: string, setValues: (values: Tensor[]) => void): Promise<void> {
  const format = formatOf(path, "loadWeights");
  if (format === "h5") {
    loadWeightsTree(model, await readH5(path), path);
    return;
  }
  if (format === "keras") {
    const file = `member 'model.weights.h5' of ${path}`;
    loadWeightsTree(model, await h5FromBytes((await readKerasArchive(path, ["model.weights.h5"]))["model.weights.h5"]!, file), file);
    return;
  }
  const keys = model.weights.map((_, i) => `arr_${i}`);
  const arrays = readNpz(await readFile(path), path, keys);
  const values = keys.map((k) => npyToTensor(arrays[k]!, `member '${k}.npy' of ${path}`));
  try {
    setValues(values);
  } finally {
    for (const v of values) v.dispose();
  }
}
