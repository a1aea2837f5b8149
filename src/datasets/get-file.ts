/**
 * `keras.utils.get_file`: a file from the Keras cache, downloaded on first use and
 * checked against its SHA-256. Downloads go to a temporary file renamed into place,
 * so an interrupted download never leaves a partial file under the real name.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ValueError } from "../errors.js";
import { log } from "../logging.js";
import { cacheDir, writableCacheDir } from "./cache-dir.js";

/**
 * The download could not happen (offline, DNS, refused, timeout, HTTP error), as
 * opposed to a bad download; callers may fall back. Example: `catch (e) { if (e instanceof DownloadError) useLocalCopy(); }`.
 */
export class DownloadError extends Error {
  override name = "DownloadError";
}

/** Options of `getFile`; names follow Keras's `get_file` arguments. */
export interface GetFileOptions {
  /** Expected SHA-256 (hex) of the file; checked on the cached file and on the download. */
  fileHash?: string;
  /** Folder under the Keras home. Default "datasets". */
  cacheSubdir?: string;
  /** Give up when the server is silent this long (connecting, or between chunks). Default 10 s. */
  timeoutMs?: number;
}

/** True when `KERATS_OFFLINE` is set to 1/true/yes: downloads fail at once (tests, air-gapped machines). Example: `KERATS_OFFLINE=1 npm start`. */
export function offlineForced(): boolean {
  return /^(1|true|yes)$/i.test(process.env.KERATS_OFFLINE ?? "");
}

/** SHA-256 of a file, hex, streamed so large files are not held in memory. Example: `await sha256File("mnist.npz")`. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * The local path of `fname`, downloading it from `origin` into the Keras cache when it
 * is missing or fails `fileHash`. Prints "Downloading data from <origin>" as Keras does.
 * Throws `DownloadError` when the network fails and `ValueError` when the download's
 * hash does not match (the bad file is deleted).
 * Example: `await getFile("mnist.npz", "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz", { fileHash })`.
 */
export async function getFile(fname: string, origin: string, options: GetFileOptions = {}): Promise<string> {
  const { fileHash, cacheSubdir = "datasets", timeoutMs = 10_000 } = options;
  const cached = join(cacheDir(cacheSubdir), fname);
  if (await exists(cached)) {
    if (fileHash === undefined || (await sha256File(cached)) === fileHash) return cached;
    log(
      "warn",
      `A local file was found at ${cached}, but it seems to be incomplete or outdated because the sha256 file hash does not match the original value of ${fileHash}, so we will re-download the data.`,
    );
  }
  if (offlineForced()) throw new DownloadError(`Cannot download ${origin}: downloads are disabled by KERATS_OFFLINE`);
  const target = join(await writableCacheDir(cacheSubdir), fname);
  const temp = `${target}.part-${process.pid}-${Date.now()}`;
  process.stdout.write(`Downloading data from ${origin}\n`);
  try {
    const digest = await download(origin, temp, timeoutMs);
    if (fileHash !== undefined && digest !== fileHash) {
      throw new ValueError(
        `Incomplete or corrupted file detected. The sha256 file hash of the download from ${origin} is ${digest}, which does not match the provided value of ${fileHash}.`,
      );
    }
    await rename(temp, target);
    return target;
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** Streams `url` into `path`, returning the SHA-256; a silent server is abandoned after `timeoutMs`. */
async function download(url: string, path: string, timeoutMs: number): Promise<string> {
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(), timeoutMs);
  const rearm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), timeoutMs);
  };
  const fail = (e: unknown): never => {
    if (e instanceof DownloadError) throw e;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = abort.signal.aborted
      ? `no response within ${timeoutMs} ms`
      : (cause?.message ?? cause?.code ?? (e instanceof Error ? e.message : String(e)));
    throw new DownloadError(`Cannot download ${url}: ${reason}`);
  };
  const hash = createHash("sha256");
  const file = await open(path, "w");
  try {
    const response = await fetch(url, { signal: abort.signal }).catch(fail);
    if (!response.ok || response.body === null) throw new DownloadError(`Cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
    const reader = response.body.getReader();
    for (;;) {
      rearm();
      const { done, value } = await reader.read().catch(fail);
      if (done) break;
      hash.update(value);
      await file.write(value);
    }
    return hash.digest("hex");
  } finally {
    clearTimeout(timer);
    await file.close();
  }
}
