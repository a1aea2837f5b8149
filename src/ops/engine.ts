/**
 * Runs primitives: picks the kernel (active backend where it declares support, else
 * reference), allocates the output, and tells active gradient tapes about the op.
 */
import { BINARY_PRIMS, UNARY_PRIMS, type KernelPrim, type PrimitiveParams, type PrimName } from "../backend/primitives.js";
import { liveHandleBytes } from "../backend/data-buffer.js";
import { activeBackend, kernelFor } from "../backend/registry.js";
import { sizeOf } from "../backend/shape.js";
import { adoptStorage, recycleStorage, takeStorage } from "../backend/storage-pool.js";
import { dtypeInfo, type DType, type Storage } from "../dtype/index.js";
import { Tensor } from "../tensor/tensor.js";
import { isLibraryOwned } from "../tensor/ownership.js";

/** The platform refused memory: the op, the size, and what to try. */
export class OutOfMemoryError extends RangeError {
  override name = "OutOfMemoryError";
}

const formatBytes = (bytes: number): string =>
  bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${bytes} bytes`;

/**
 * @internal Storage for `size` elements of `dtype` (contents unspecified): reused from the
 * pool when it has that size, else from the backend. An allocation the platform
 * refuses is an OutOfMemoryError naming `what` and the size, never a crash.
 */
export function allocOutput(dtype: DType, size: number, what = "a tensor"): Storage {
  const info = dtypeInfo(dtype);
  const pooled = takeStorage(info.storage, size, info.itemsize, liveHandleBytes());
  if (pooled) return pooled;
  try {
    const storage = activeBackend().alloc(dtype, size, false);
    adoptStorage(storage);
    return storage;
  } catch (e) {
    const bytes = size * info.itemsize;
    throw new OutOfMemoryError(
      `Out of memory: cannot allocate ${formatBytes(bytes)} (${size} ${dtype} elements) for ${what} on the ${activeBackend().name} backend (${(e as Error).message})`,
    );
  }
}

/** One recorded primitive application. */
export interface TapeNode<P extends PrimName = PrimName> {
  readonly prim: P;
  readonly params: PrimitiveParams[P];
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
}

/** What a gradient tape implements to hear about ops while it records. */
export interface OpRecorder {
  /** Called for every op run while the recorder is pushed. */
  onOp(node: TapeNode): void;
}

const recorders: OpRecorder[] = [];

/** @internal Starts delivering ops to `recorder` (tapes nest; every active one hears every op). */
export function pushRecorder(recorder: OpRecorder): void {
  recorders.push(recorder);
}

/** @internal Stops delivering ops to `recorder`. */
export function removeRecorder(recorder: OpRecorder): void {
  const i = recorders.lastIndexOf(recorder);
  if (i >= 0) recorders.splice(i, 1);
}

function notify<P extends PrimName>(prim: P, params: PrimitiveParams[P], inputs: readonly Tensor[], output: Tensor): void {
  if (recorders.length === 0) return;
  const node: TapeNode = { prim, params, inputs, output } as TapeNode;
  for (const r of recorders) r.onOp(node);
}

// Kernels that write output element i only after reading element i of a same-shape
// input, so such an input's storage can take the output in place.
const IN_PLACE_SAFE: ReadonlySet<PrimName> = new Set<PrimName>([...UNARY_PRIMS, ...BINARY_PRIMS, "where"]);
const donated = new WeakSet<Tensor>();

/**
 * @internal Offers `t`'s storage to the next elementwise kernel that reads it and writes
 * an output of its dtype and shape, which is then computed in place. The caller promises
 * that `t` is dead after that op (the gradient tape does, for a gradient it has
 * propagated). Only taken when no tape is recording, `t` belongs to a library scope and
 * no other tensor views its storage; `t` is disposed when it is taken.
 */
export function donate(t: Tensor): Tensor {
  donated.add(t);
  return t;
}

function donationFor(prim: PrimName, inputs: readonly Tensor[], shape: readonly number[], dtype: DType): Tensor | undefined {
  if (recorders.length > 0 || !IN_PLACE_SAFE.has(prim)) return undefined;
  return inputs.find(
    (t) =>
      donated.has(t) &&
      t.dtype === dtype &&
      t.buffer.users === 1 &&
      isLibraryOwned(t) &&
      t.shape.length === shape.length &&
      t.shape.every((d, i) => d === shape[i]),
  );
}

/**
 * Runs kernel primitive `prim` producing a tensor of `shape` and `dtype`. Callers
 * (the op functions) have validated the inputs and computed the output shape.
 */
export function runKernel<P extends KernelPrim>(
  prim: P,
  inputs: readonly Tensor[],
  params: PrimitiveParams[P],
  shape: readonly number[],
  dtype: DType,
): Tensor {
  const views = inputs.map((t) => t.view());
  const { kernel } = kernelFor(prim, inputs[0]?.dtype ?? dtype, dtype);
  const reuse = donationFor(prim, inputs, shape, dtype);
  if (reuse) {
    kernel({ dtype, shape, data: reuse.buffer.storage }, views, params);
    const out = new Tensor(reuse.buffer, shape);
    reuse.dispose();
    return out;
  }
  const storage = allocOutput(dtype, sizeOf(shape), `the output of '${prim}' (shape [${shape.join(",")}])`);
  try {
    kernel({ dtype, shape, data: storage }, views, params);
  } catch (e) {
    recycleStorage(storage, liveHandleBytes());
    throw e;
  }
  const out = Tensor.fromStorage(storage, shape, dtype);
  notify(prim, params, inputs, out);
  return out;
}

/**
 * `cast(x, cached.dtype)` where `cached` already holds that value (a variable's cast copy):
 * a new tensor over the same data, recorded as the cast so gradients reach `x`.
 */
export function runCachedCast(x: Tensor, cached: Tensor): Tensor {
  x.assertLive();
  cached.assertLive();
  const out = new Tensor(cached.buffer, x.shape);
  notify("cast", { dtype: cached.dtype }, [x], out);
  return out;
}

/** A reshape: a new tensor over the same data. */
export function runReshape(x: Tensor, shape: readonly number[]): Tensor {
  x.assertLive();
  const out = new Tensor(x.buffer, shape);
  notify("reshape", { shape }, [x], out);
  return out;
}
