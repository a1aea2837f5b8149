/**
 * `npm run bench:elementwise`: large elementwise ops, casts and reductions on the
 * active backend per dtype, in GB/s of data touched and as a speedup of each 16-bit
 * dtype over float32 in the same run (16-bit data is half the bytes).
 * Options: --size N (elements, default 2^24), --repeat N.
 */
import * as tf from "../src/index.js";

const args = process.argv.slice(2);
const size = args.includes("--size") ? Number(args[args.indexOf("--size") + 1]) : 2 ** 24;
const repeat = args.includes("--repeat") ? Number(args[args.indexOf("--repeat") + 1]) : 5;

type D = "float32" | "float16" | "bfloat16";
const DTYPES: D[] = ["float32", "float16", "bfloat16"];

const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, number][] = [
  // name, op, number of tensors of `size` elements it reads and writes
  ["add", (a, b) => tf.add(a, b), 3],
  ["mul (broadcast row)", (a, b) => tf.mul(a.reshape([-1, 1024]), b.slice(0, 1024)), 2],
  ["relu", (a) => tf.relu(a), 2],
  ["exp", (a) => tf.exp(a), 2],
  ["tanh", (a) => tf.tanh(a), 2],
  ["gelu", (a) => tf.gelu(a), 2],
  ["softmax axis -1 of [n/1024, 1024]", (a) => tf.softmax(a.reshape([-1, 1024])), 2],
  ["maximum", (a, b) => tf.maximum(a, b), 3],
  ["sum", (a) => tf.sum(a), 1],
  ["sum axis 0 of [n/1024, 1024]", (a) => tf.sum(a.reshape([-1, 1024]), 0), 1],
  ["cast (float32->float16, 16-bit->float32)", (a) => tf.cast(a, a.dtype === "float32" ? "float16" : "float32"), 2],
  ["allFinite", (a) => tf.allFinite(a), 1],
];

/** Best time of `repeat` runs; outputs are disposed so their storage is reused, as in a training loop. */
function time(fn: () => tf.Tensor, inputs: readonly tf.Tensor[]): number {
  const dispose = (t: tf.Tensor): void => {
    if (!inputs.includes(t)) t.dispose();
  };
  dispose(fn());
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    const out = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    dispose(out);
  }
  return best;
}

console.log(`backend ${tf.getBackend()}, ${size} elements, threads ${tf.config.threading.getIntraOpParallelismThreads()}`);
console.log(`${"op".padEnd(44) + DTYPES.map((d) => `${d} ms (GB/s)`.padEnd(22)).join("")}speedup f16 / bf16 vs f32`);
const inputs = DTYPES.map((d) => [tf.randomNormal([size], 0, 1, d, 1), tf.randomNormal([size], 0, 1, d, 2)] as const);
for (const [name, op, tensors] of ops) {
  const secs = inputs.map(([a, b]) => time(() => op(a, b), [a, b]));
  const cells = secs.map((s, i) => {
    // a cast reads one dtype and writes the other: 6 bytes per element either way
    const bytes = name.startsWith("cast") ? 6 * size : tensors * size * (DTYPES[i] === "float32" ? 4 : 2);
    return `${(s * 1e3).toFixed(2)} (${(bytes / s / 1e9).toFixed(1)})`.padEnd(22);
  });
  console.log(`${name.padEnd(44) + cells.join("")}${(secs[0]! / secs[1]!).toFixed(2)}x / ${(secs[0]! / secs[2]!).toFixed(2)}x`);
}
