/**
 * The autocast scope: while a layer's `call` runs, reads of its float variables are
 * cast to the layer's compute dtype (Keras's AutoCastVariable). The check sits where
 * every op converts its arguments (`toTensor`), so custom layers get it too.
 */
import type { DType } from "../dtype/index.js";

let scopeDtype: DType | null = null;

/** The compute dtype variable reads are cast to, or null outside a layer call. */
export function autocastDtype(): DType | null {
  return scopeDtype;
}

/** Runs `fn` with variable reads cast to `dtype` (null: no casting), restoring the previous scope. */
export function withAutocast<T>(dtype: DType | null, fn: () => T): T {
  const previous = scopeDtype;
  scopeDtype = dtype;
  try {
    return fn();
  } finally {
    scopeDtype = previous;
  }
}
