/**
 * Model weights on disk as a NumPy `.npz` (`np.savez` layout: `arr_0`, `arr_1`, ... in
 * `model.weights` order), so `np.load` reads them too.
 */
import { readFile, writeFile } from "node:fs/promises";
import { describeValue } from "../../errors.js";
import { encodeNpz } from "../../io/npy-writer.js";
import { npyToTensor } from "../../io/npy.js";
import { readNpz } from "../../io/npz.js";
import type { Tensor } from "../../tensor/tensor.js";

function checkPath(path: unknown, fn: string): string {
  if (typeof path !== "string" || path === "") throw new TypeError(`Argument 'filepath' of ${fn} must be a file path, but got: ${describeValue(path)}`);
  return path;
}

/** Writes the weight values to `path`. Example: `await saveWeightsFile("model.weights.npz", model.getWeights())`. */
export async function saveWeightsFile(path: string, weights: readonly Tensor[]): Promise<void> {
  await writeFile(checkPath(path, "saveWeights"), encodeNpz(Object.fromEntries(weights.map((w, i) => [`arr_${i}`, w]))));
}

/** Reads `count` weight values from `path` (errors name the file and the missing member). */
export async function loadWeightsFile(path: string, count: number): Promise<Tensor[]> {
  const file = checkPath(path, "loadWeights");
  const keys = Array.from({ length: count }, (_, i) => `arr_${i}`);
  const arrays = readNpz(await readFile(file), file, keys);
  return keys.map((k) => npyToTensor(arrays[k]!, `member '${k}.npy' of ${file}`));
}
