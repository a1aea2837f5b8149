/**
 * The mixed precision compatibility check, logged once per process when a
 * `mixed_float16` or `mixed_bfloat16` policy is created (Keras logs the first; the
 * bfloat16 check is ours, for CPUs).
 */
import { cpuFeatures } from "../../backend/cpu-config.js";
import { isGpuAvailable } from "../../backend/devices.js";
import { log } from "../../logging.js";

const WARNING_SUFFIX =
  "If you will use compatible GPU(s) not attached to this host, e.g. by running a multi-worker model, you can ignore this warning. This message will only be logged once";

/** Logs whether this machine runs `policyName` quickly (once per process per policy). */
export function logDeviceCompatibilityCheck(policyName: "mixed_float16" | "mixed_bfloat16"): void {
  const prefix = `Mixed precision compatibility check (${policyName}): `;
  if (policyName === "mixed_float16") {
    if (isGpuAvailable()) {
      log("info", `${prefix}OK\nYour GPU will likely run quickly with dtype policy mixed_float16.`, policyName);
    } else {
      log(
        "warn",
        `${prefix}WARNING\nThe dtype policy mixed_float16 may run slowly because this machine does not have a GPU. Only Nvidia GPUs with compute capability of at least 7.0 run quickly with mixed_float16.\n${WARNING_SUFFIX}`,
        policyName,
      );
    }
    return;
  }
  const f = cpuFeatures();
  if (isGpuAvailable() || f.avx512bf16 || f.amxBf16) {
    const how = f.amxBf16 ? "AMX-BF16" : f.avx512bf16 ? "AVX512_BF16" : "the GPU";
    log("info", `${prefix}OK\nThis machine computes bfloat16 natively (${how}).`, policyName);
  } else {
    log(
      "warn",
      `${prefix}WARNING\nThe dtype policy mixed_bfloat16 may run slowly because this CPU has neither AVX512_BF16 nor AMX-BF16: bfloat16 matrix products are converted to float32 and run at float32 speed.`,
      policyName,
    );
  }
}
