import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** Runs a snippet in a fresh process (the check logs once per process) and returns stderr. */
function stderrOf(code: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { env: { ...process.env, ...env }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

const load = 'import("./src/keras/mixed-precision/index.ts").then((mp) => {';

test("mixed_float16 without a GPU logs Keras's compatibility warning once", () => {
  const err = stderrOf(`${load} mp.setGlobalPolicy("mixed_float16"); new mp.Policy("mixed_float16"); });`);
  assert.equal(
    err,
    "WARNING:kerats:Mixed precision compatibility check (mixed_float16): WARNING\n" +
      "The dtype policy mixed_float16 may run slowly because this machine does not have a GPU. Only Nvidia GPUs with compute capability of at least 7.0 run quickly with mixed_float16.\n" +
      "If you will use compatible GPU(s) not attached to this host, e.g. by running a multi-worker model, you can ignore this warning. This message will only be logged once\n",
  );
});

/** The CPU flags Linux reports (the same facts the addon reads with cpuid; empty where there is no /proc/cpuinfo). */
function cpuFlags(): Set<string> {
  if (!existsSync("/proc/cpuinfo")) return new Set();
  const line = readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith("flags"));
  return new Set((line ?? "").split(":")[1]?.trim().split(/\s+/) ?? []);
}

test("mixed_bfloat16 reports what this CPU has: native bfloat16 (AMX-BF16, else AVX512_BF16) or the float32 fallback", () => {
  const flags = cpuFlags();
  const native = flags.has("amx_bf16") ? "AMX-BF16" : flags.has("avx512_bf16") ? "AVX512_BF16" : null;
  const expected = native
    ? `INFO:kerats:Mixed precision compatibility check (mixed_bfloat16): OK\nThis machine computes bfloat16 natively (${native}).\n`
    : "WARNING:kerats:Mixed precision compatibility check (mixed_bfloat16): WARNING\n" +
      "The dtype policy mixed_bfloat16 may run slowly because this CPU has neither AVX512_BF16 nor AMX-BF16: bfloat16 matrix products are converted to float32 and run at float32 speed.\n";
  // Two policies, one message: the check logs once per process.
  assert.equal(stderrOf(`${load} new mp.Policy("mixed_bfloat16"); new mp.Policy("mixed_bfloat16"); });`, { KERATS_LOG_LEVEL: "info" }), expected);
});

test("the log level silences the check", () => {
  assert.equal(stderrOf(`${load} new mp.Policy("mixed_float16"); });`, { KERATS_LOG_LEVEL: "error" }), "");
});
