/**
 * NumPy's `.npz`: a zip archive of `.npy` members named `<key>.npy` (stored or
 * deflated, as `np.savez` / `np.savez_compressed` write them). Unzipped with fflate.
 */
import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import { NpyFormatError, parseNpy, type NpyArray } from "./npy.js";

/**
 * The named arrays of an `.npz` held in `bytes`; `file` names it in errors.
 * Example: `readNpz(bytes, "mnist.npz", ["x_train", "y_train"]).x_train.shape` is `[60000, 28, 28]`.
 */
export function readNpz(bytes: Uint8Array, file: string, keys: readonly string[]): Record<string, NpyArray> {
  const wanted = new Set(keys.map((k) => `${k}.npy`));
  let members: Record<string, Uint8Array>;
  const names: string[] = [];
  try {
    members = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return wanted.has(f.name);
      },
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new NpyFormatError(`${file} is not a readable .npz (zip) file (${reason}); it may be truncated or corrupt`);
  }
  const out: Record<string, NpyArray> = {};
  for (const key of keys) {
    const member = members[`${key}.npy`];
    if (member === undefined) {
      throw new NpyFormatError(`${file} has no member '${key}.npy' (it holds: ${names.length > 0 ? names.join(", ") : "nothing"})`);
    }
    out[key] = parseNpy(member, `member '${key}.npy' of ${file}`);
  }
  return out;
}

/** `readNpz` of a file on disk. Example: `await loadNpz("/data/mnist.npz", ["x_test"])`. */
export async function loadNpz(path: string, keys: readonly string[]): Promise<Record<string, NpyArray>> {
  return readNpz(await readFile(path), path, keys);
}
