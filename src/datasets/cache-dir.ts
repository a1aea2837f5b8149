/**
 * Where Keras caches downloads: `$KERAS_HOME/datasets`, else `~/.keras/datasets`,
 * so a `mnist.npz` fetched by Python Keras is found here too (and the reverse).
 */
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** `$KERAS_HOME` or `~/.keras`. Example: `kerasHome()` is "/home/me/.keras". */
export function kerasHome(): string {
  const env = process.env.KERAS_HOME;
  return env !== undefined && env !== "" ? env : join(homedir(), ".keras");
}

/** The folder Keras keeps `subdir` files in. Example: `cacheDir()` is "~/.keras/datasets". */
export function cacheDir(subdir = "datasets"): string {
  return join(kerasHome(), subdir);
}

/**
 * `cacheDir(subdir)`, created if needed; like Keras, falls back to `<tmp>/.keras`
 * when the home folder cannot be written (read-only homes in containers and CI).
 * Example: `await writableCacheDir()`.
 */
export async function writableCacheDir(subdir = "datasets"): Promise<string> {
  for (const dir of [cacheDir(subdir), join(tmpdir(), ".keras", subdir)]) {
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
      return dir;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`Cannot create a writable cache folder: neither ${cacheDir(subdir)} nor ${join(tmpdir(), ".keras", subdir)} is writable`);
}
