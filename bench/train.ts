/**
 * `npm run bench:train`: training-step time of the guide's model under float32,
 * mixed_bfloat16 and mixed_float16 on the active kerats backend, its forward time at
 * batch 1, 32 and 256, and the same model's training step in TensorFlow.js (wasm backend)
 * for comparison. Each time is set against the arithmetic floor of this run: the model's
 * GEMM FLOPs at the peak `bench:gemm` measures (register-only FMA loop for float32 and
 * float16, which runs the float32 kernel; vdpbf16ps for bfloat16 where the CPU has it),
 * with the thread count kerats uses. Each configuration runs in its own process.
 *   model A: 784-4096-4096-10, batch 8192 (the guide's GPU model)
 *   model B: 784-64-64-10, batch 8192 (the guide's CPU model; 48,000 samples = 6 steps/epoch)
 * Options: --quick (model B only), --steps N (timed steps per configuration, default 3; at least
 * 20 for model B),
 * --no-tfjs, --tfjs-large (also run TensorFlow.js on model A: single-threaded wasm
 * takes more than five minutes per step there, so it is off by default), --no-forward.
 */
import { DTYPE_CODE, loadAddon } from "../src/backend/native/native-addon.js";
import { runWorker } from "./run-worker.js";

const args = process.argv.slice(2);
const steps = args.includes("--steps") ? Number(args[args.indexOf("--steps") + 1]) : 3;
const models: [string, number][] = args.includes("--quick")
  ? [["B", 64]]
  : [
      ["A", 4096],
      ["B", 64],
    ];
const BATCH = 8192;
const FORWARD_BATCHES = [1, 32, 256];
const kerasConfigs = ["float32", "mixed_bfloat16", "mixed_float16"];
const configsFor = (model: string): string[] =>
  args.includes("--no-tfjs") || (model === "A" && !args.includes("--tfjs-large")) ? kerasConfigs : [...kerasConfigs, "tfjs-wasm"];

/** Multiply-add FLOPs of one forward pass over `batch` rows. */
const forwardFlop = (units: number, batch: number): number => 2 * batch * (784 * units + units * units + units * 10);
/** A training step: the forward pass, dW for every layer and dX for all but the first. */
const trainFlop = (units: number, batch: number): number => 3 * forwardFlop(units, batch) - 2 * batch * 784 * units;

// Peaks of this run (GFLOP/s), with the thread count kerats will use.
const loaded = loadAddon();
const peaks: Record<string, number> | null =
  "addon" in loaded
    ? (() => {
        const threads = loaded.addon.numThreads();
        const f32 = loaded.addon.measurePeak(DTYPE_CODE.float32, threads);
        const bf16 = loaded.addon.measurePeak(DTYPE_CODE.bfloat16, threads);
        return { float32: f32, mixed_float16: f32, mixed_bfloat16: bf16 > 0 ? bf16 : f32, threads };
      })()
    : null;
/** The floor in ms of `flop` under `policy`, or null without the native addon. */
const floorMs = (flop: number, policy: string): number | null => (peaks?.[policy] ? flop / (peaks[policy]! * 1e6) : null);
const vsFloor = (ms: number, floor: number | null): string => (floor === null ? "-" : `${((100 * floor) / ms).toFixed(0)}%`);

interface Result {
  stepMs: number;
  steps: number;
  peakRssMB: number;
}

/** Timed steps: model B's take milliseconds, so at least 20 (a median of 3 there is mostly warm-up noise). */
const stepsFor = (units: number, policy: string): number => (policy === "tfjs-wasm" ? Math.min(steps, 2) : units < 1024 ? Math.max(steps, 20) : steps);

function run(units: number, policy: string): Result | string {
  return runWorker<Result>("bench/train-worker.ts", [String(units), String(BATCH), String(stepsFor(units, policy)), policy]);
}

const backend = process.env.KERATS_BACKEND ?? "default backend";
console.log(
  `kerats training step, batch ${BATCH} (${backend}); TensorFlow.js wasm for comparison${args.includes("--tfjs-large") ? "" : " (model B only; --tfjs-large adds model A)"}`,
);
console.log(
  peaks
    ? `floor: GEMM FLOPs at this run's peak, ${peaks.threads} threads: float32 ${peaks.float32!.toFixed(0)} GFLOP/s, bfloat16 ${peaks.mixed_bfloat16!.toFixed(0)} GFLOP/s`
    : `floor: not measured (${"error" in loaded ? loaded.error : "no native addon"})`,
);
console.log("model  config            step (ms)  floor (ms)  floor/step   vs float32   peak RSS (MB)   RSS vs float32");
for (const [name, units] of models) {
  let base: Result | null = null;
  for (const policy of configsFor(name)) {
    const r = run(units, policy);
    if (typeof r === "string") {
      console.log(`${name.padEnd(7)}${policy.padEnd(18)}${r}`);
      continue;
    }
    if (policy === "float32") base = r;
    const floor = policy === "tfjs-wasm" ? null : floorMs(trainFlop(units, BATCH), policy);
    const speed = base ? `${(base.stepMs / r.stepMs).toFixed(2)}x` : "-";
    const rss = base ? `${(r.peakRssMB / base.peakRssMB).toFixed(2)}x` : "-";
    console.log(
      `${name.padEnd(7)}${policy.padEnd(18)}${r.stepMs.toFixed(1).padStart(9)}  ${(floor === null ? "-" : floor.toFixed(1)).padStart(10)}  ${vsFloor(r.stepMs, floor).padStart(10)}   ${speed.padStart(10)}   ${r.peakRssMB.toFixed(0).padStart(13)}   ${rss.padStart(14)}`,
    );
  }
}

if (!args.includes("--no-forward")) {
  console.log(`\nforward pass (model.apply), median of ${Math.max(steps, 10)} calls; floor/time in parentheses`);
  console.log(`model  config            ${FORWARD_BATCHES.map((b) => `batch ${b} (ms)`.padStart(20)).join("")}`);
  for (const [name, units] of models) {
    for (const policy of kerasConfigs) {
      const r = runWorker<{ forwardMs: Record<number, number> }>("bench/train-worker.ts", [
        String(units),
        String(BATCH),
        String(Math.max(steps, 10)),
        policy,
        "forward",
      ]);
      if (typeof r === "string") {
        console.log(`${name.padEnd(7)}${policy.padEnd(18)}${r}`);
        continue;
      }
      const cells = FORWARD_BATCHES.map((b) => {
        const ms = r.forwardMs[b]!;
        return `${ms.toFixed(2)} (${vsFloor(ms, floorMs(forwardFlop(units, b), policy))})`.padStart(20);
      });
      console.log(`${name.padEnd(7)}${policy.padEnd(18)}${cells.join("")}`);
    }
  }
}
