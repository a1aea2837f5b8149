/**
 * Applies a fused optimizer update to a float32 variable in place. The variable and
 * its slots are updated only after every argument is checked, so an error leaves them
 * untouched; a buffer shared with another tensor (a reshape view) is copied first, so
 * tensors read from the old value keep it.
 */
import { DataBuffer } from "../backend/data-buffer.js";
import { updateKernelFor } from "../backend/registry.js";
import { allocOutput } from "../ops/engine.js";
import type { UpdateName, UpdateParamsMap } from "../backend/updates.js";
import { isFloating } from "../dtype/index.js";
import { formatShape, ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Variable } from "./variable.js";

/** Gives `v` a buffer no other tensor uses, and returns its float32 storage (about to change in place). */
function exclusive(v: Variable): Float32Array {
  v.valueChanged();
  if (v.buffer.users > 1) {
    const storage = allocOutput(v.dtype, v.size);
    storage.set(v.buffer.storage as Float32Array);
    v.replaceBuffer(new DataBuffer(v.dtype, storage));
  }
  return v.buffer.storage as Float32Array;
}

function checkFloat32(v: Variable, what: string, shape: readonly number[]): void {
  v.assertLive();
  if (v.dtype !== "float32") throw new TypeError(`${what} must be a float32 variable, but '${v.name}' is ${v.dtype}`);
  if (v.shape.join() !== shape.join()) {
    throw new ValueError(`${what} '${v.name}' has shape ${formatShape(v.shape)}, expected ${formatShape(shape)}`);
  }
}

/** The slots update `name` reads with these constants, in order (see UpdateParamsMap). */
function slotNames<U extends UpdateName>(name: U, params: UpdateParamsMap[U]): string[] {
  if (name === "adam") return ["m", "v"];
  if (name === "sgd") return (params as UpdateParamsMap["sgd"]).momentum > 0 ? ["momentum"] : [];
  const p = params as UpdateParamsMap["rmsprop"];
  return ["velocity", ...(p.momentum > 0 ? ["momentum"] : []), ...(p.centered ? ["averageGrad"] : [])];
}

/**
 * Runs update `name` on `variable` with `grad` (any float dtype, same shape), its
 * slots and per-step constants. `gradScale` multiplies the gradient first.
 * Example: `applyUpdate("sgd", w, dw, [], { learningRate: 0.01, momentum: 0, nesterov: false })`.
 */
export function applyUpdate<U extends UpdateName>(
  name: U,
  variable: Variable,
  grad: Tensor,
  slots: readonly Variable[],
  params: UpdateParamsMap[U],
  gradScale = 1,
): void {
  checkFloat32(variable, "The updated variable", variable.shape);
  grad.assertLive();
  if (!isFloating(grad.dtype) || grad.dtype === "float64") {
    throw new TypeError(`The gradient for '${variable.name}' must be float32, float16 or bfloat16, but got ${grad.dtype}`);
  }
  if (grad.shape.join() !== variable.shape.join()) {
    throw new ValueError(`The gradient for '${variable.name}' has shape ${formatShape(grad.shape)}, but the variable has shape ${formatShape(variable.shape)}`);
  }
  const wanted = slotNames(name, params);
  if (slots.length !== wanted.length) {
    throw new ValueError(
      `Argument 'slots' of applyUpdate('${name}') must hold ${wanted.length} variables${wanted.length ? ` (${wanted.join(", ")})` : ""} for these constants, but got ${slots.length}`,
    );
  }
  slots.forEach((s, i) => {
    checkFloat32(s, `Slot ${i}`, variable.shape);
  });
  const kernel = updateKernelFor(name, grad.dtype);
  kernel({ variable: exclusive(variable), grad: grad.view(), slots: slots.map(exclusive), gradScale, params });
}
