/**
 * `npm run bench:train`: training-step time of the guide's model under float32,
 * mixed_bfloat16 and mixed_float16 on the active kerats backend, and the same model in
 * TensorFlow.js (wasm backend) for comparison: median step time, speedup over float32
 * in the same run, and peak RSS, each configuration in its own process.
 *   model A: 784-4096-4096-10, batch 8192 (the guide's GPU model)
 *   model B: 784-64-64-10, batch 8192 (the guide's CPU model; 48,000 samples = 6 steps/epoch)
 * Options: --quick (model B only), --steps N (timed steps per configuration, default 3),
 * --no-tfjs, --tfjs-large (also run TensorFlow.js on model A: single-threaded wasm
 * takes more than five minutes per step there, so it is off by default).
 */
import { runWorker } from "./run-worker.js";

const args = process.argv.slice(2);
const steps = args.includes("--steps") ? Number(args[args.indexOf("--steps") + 1]) : 3;
const models: [string, number][] = args.includes("--quick")
  ? [["B", 64]]
  : [
      ["A", 4096],
      ["B", 64],
    ];
const kerasConfigs = ["float32", "mixed_bfloat16", "mixed_float16"];
const configsFor = (model: string): string[] =>
  args.includes("--no-tfjs") || (model === "A" && !args.includes("--tfjs-large")) ? kerasConfigs : [...kerasConfigs, "tfjs-wasm"];

interface Result {
  stepMs: number;
  steps: number;
  peakRssMB: number;
}

function run(units: number, policy: string): Result | string {
  return runWorker<Result>("bench/train-worker.ts", [String(units), "8192", String(policy === "tfjs-wasm" ? Math.min(steps, 2) : steps), policy]);
}

const backend = process.env.KERATS_BACKEND ?? "default backend";
console.log(
  `kerats training step, batch 8192 (${backend}); TensorFlow.js wasm for comparison${args.includes("--tfjs-large") ? "" : " (model B only; --tfjs-large adds model A)"}`,
);
console.log("model  config            step (ms)   vs float32   peak RSS (MB)   RSS vs float32");
for (const [name, units] of models) {
  let base: Result | null = null;
  for (const policy of configsFor(name)) {
    const r = run(units, policy);
    if (typeof r === "string") {
      console.log(`${name.padEnd(7)}${policy.padEnd(18)}${r}`);
      continue;
    }
    if (policy === "float32") base = r;
    const speed = base ? `${(base.stepMs / r.stepMs).toFixed(2)}x` : "-";
    const rss = base ? `${(r.peakRssMB / base.peakRssMB).toFixed(2)}x` : "-";
    console.log(
      `${name.padEnd(7)}${policy.padEnd(18)}${r.stepMs.toFixed(0).padStart(9)}   ${speed.padStart(10)}   ${r.peakRssMB.toFixed(0).padStart(13)}   ${rss.padStart(14)}`,
    );
  }
}
