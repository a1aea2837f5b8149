/**
 * `npm run bench:memory` (also run by `npm run bench:train`): memory of the guide's models
 * under float32 / mixed_bfloat16 / mixed_float16, trained by trainOnBatch, fit and the
 * guide's custom loop, each configuration in its own process: peak RSS, tensor bytes live
 * after steps 1, 10 and the last (tf.memory(), above what existed before training), the
 * peak of live tensor bytes, median step time, and each 16-bit policy's peak RSS as a
 * fraction of float32's. The user loops call no gc(), dispose() or timers.
 *   model A: 784-4096-4096-10, batch 8192   model B: 784-64-64-10, batch 8192
 * Options: --quick (model B only), --steps-a N (default 12), --steps-b N (default 50),
 * --modes a,b (default trainOnBatch,fit,custom), --policies a,b.
 * The peers (PyTorch, Keras 3 on TensorFlow) are measured by ../shared/peers/run.sh.
 */
import { runWorker } from "./run-worker.js";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const models: [string, number, number][] = [
  ...(args.includes("--quick") ? [] : [["A", 4096, Number(opt("--steps-a", "12"))] as [string, number, number]]),
  ["B", 64, Number(opt("--steps-b", "50"))],
];
const modes = opt("--modes", "trainOnBatch,fit,custom").split(",");
const policies = opt("--policies", "float32,mixed_bfloat16,mixed_float16").split(",");

interface Result {
  stepMs: number;
  liveMB: Record<string, number>;
  peakLiveMB: number;
  importRssMB: number;
  peakRssMB: number;
}

function run(units: number, steps: number, policy: string, mode: string): Result | string {
  return runWorker<Result>("bench/memory-worker.ts", [String(units), "8192", String(steps), policy, mode]);
}

const mb = (v: number | undefined): string => (v === undefined ? "-" : v.toFixed(1));
console.log(`kerats memory, batch 8192 (${process.env.KERATS_BACKEND ?? "default backend"}); live = tf.memory().numBytes above the data, in MB`);
console.log("model  mode          policy            step (ms)  peak RSS (MB)  vs float32  live@1   live@10  live@last  peak live  RSS at import");
for (const [name, units, steps] of models) {
  for (const mode of modes) {
    let base: Result | null = null;
    for (const policy of policies) {
      const r = run(units, steps, policy, mode);
      const label = `${name.padEnd(7)}${mode.padEnd(14)}${policy.padEnd(18)}`;
      if (typeof r === "string") {
        console.log(label + r);
        continue;
      }
      if (policy === "float32") base = r;
      const ratio = base ? `${(r.peakRssMB / base.peakRssMB).toFixed(2)}x` : "-";
      console.log(
        label +
          `${r.stepMs.toFixed(0).padStart(9)}  ${r.peakRssMB.toFixed(0).padStart(13)}  ${ratio.padStart(10)}  ${mb(r.liveMB["1"]).padStart(7)}  ${mb(r.liveMB["10"]).padStart(7)}  ${mb(r.liveMB[String(steps)]).padStart(9)}  ${mb(r.peakLiveMB).padStart(9)}  ${r.importRssMB.toFixed(0).padStart(13)}`,
      );
    }
  }
}
console.log(
  "The custom loop hands its gradients and batches to user code, so their bytes stay counted (tf.memory() is unreliable) until the collector takes them; its RSS shows it keeps up.",
);
