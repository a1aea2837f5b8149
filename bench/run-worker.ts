/** Runs a benchmark worker in its own process (so its peak RSS is its own) and parses the JSON line it prints last. */
import { spawnSync } from "node:child_process";

/** The worker's result, or why it failed. Example: `runWorker<Result>("bench/memory-worker.ts", ["64", "8192"])`. */
export function runWorker<T>(script: string, args: readonly string[]): T | string {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    encoding: "utf8",
    env: { ...process.env, KERATS_LOG_LEVEL: "error" },
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    return `failed (${r.status}): ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}`;
  }
}
