/**
 * The active backend. `reference` is always there; other backends register
 * themselves when they load. Ops ask for a kernel per primitive and dtype and fall back
 * to the reference kernel where the active backend declares no support.
 */
import { describeValue } from "../errors.js";
import type { DType } from "../dtype/index.js";
import type { Backend, Kernel } from "./backend.js";
import type { KernelPrim } from "./primitives.js";
import type { UpdateKernel, UpdateName } from "./updates.js";
import { referenceBackend, referenceKernels } from "./reference/reference-backend.js";
import { referenceUpdates } from "./reference/update-kernels.js";
import { loadAddon, type NativeAddon } from "./native/native-addon.js";
import { createNativeBackend } from "./native/native-backend.js";
import { log } from "../logging.js";

const backends = new Map<string, Backend>([["reference", referenceBackend]]);
let active: Backend = referenceBackend;

/** The loaded native addon, if any (also behind `tf.config.cpuFeatures` and threading). */
export let nativeAddon: NativeAddon | null = null;

// The default backend: KERATS_BACKEND if set, else native when it loads. A native
// backend that fails to load is reported once, unless the reference one was asked for.
{
  const wanted = process.env.KERATS_BACKEND;
  const loaded = loadAddon();
  if ("addon" in loaded) {
    nativeAddon = loaded.addon;
    backends.set("native", createNativeBackend(loaded.addon));
  } else if (wanted !== "reference") {
    log(
      "warn",
      `the native backend is unavailable (${loaded.error}); using the slower reference backend. Reinstall with a C++ compiler to build it, or set KERATS_BACKEND=reference to silence this.`,
    );
  }
  const initial = wanted ?? (backends.has("native") ? "native" : "reference");
  const backend = backends.get(initial);
  if (!backend) throw new Error(`KERATS_BACKEND must be one of ${[...backends.keys()].map((n) => `'${n}'`).join(", ")}, but got: '${initial}'`);
  active = backend;
}

/** Selects the backend by name. Example: `tf.setBackend("reference")`. */
export function setBackend(name: string): void {
  const backend = typeof name === "string" ? backends.get(name) : undefined;
  if (!backend) {
    throw new Error(`Argument 'name' of setBackend must be one of ${[...backends.keys()].map((n) => `'${n}'`).join(", ")}, but got: ${describeValue(name)}`);
  }
  active = backend;
}

/** The active backend's name. Example: `tf.getBackend() === "reference"`. */
export function getBackend(): string {
  return active.name;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** The backend object in use. */
export function activeBackend(): Backend {
  return active;
}

/** The kernel to run `prim` on `inDtype` -> `outDtype`: the active backend's, or the reference one. */
export function kernelFor<P extends KernelPrim>(prim: P, inDtype: DType, outDtype: DType): { kernel: Kernel<P>; backend: Backend } {
  if (active !== referenceBackend && active.supports(prim, inDtype, outDtype)) {
    const kernel = active.kernels[prim] as Kernel<P> | undefined;
    if (kernel) return { kernel, backend: active };
  }
  return { kernel: referenceKernels[prim] as Kernel<P>, backend: referenceBackend };
}

/** The fused optimizer update `name` for gradients of `gradDtype`: the active backend's, or the reference one. */
export function updateKernelFor<U extends UpdateName>(name: U, gradDtype: DType): UpdateKernel<U> {
  if (active !== referenceBackend && active.supportsUpdate(name, gradDtype)) {
    const kernel = active.updates[name] as UpdateKernel<U> | undefined;
    if (kernel) return kernel;
  }
  return referenceUpdates[name] as UpdateKernel<U>;
}
