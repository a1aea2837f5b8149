/**
 * Runs primitives: picks the kernel (active backend where it declares support, else
 * reference), allocates the output, and tells active gradient tapes about the op.
 */
import type { KernelPrim, PrimitiveParams, PrimName } from "../backend/primitives.js";
import { takePooled } from "../backend/data-buffer.js";
import { kernelFor } from "../backend/registry.js";
import { sizeOf } from "../backend/shape.js";
import type { DType } from "../dtype/index.js";
import { Tensor } from "../tensor/tensor.js";

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
  const { kernel, backend } = kernelFor(prim, inputs[0]?.dtype ?? dtype, dtype);
  const size = sizeOf(shape);
  const storage = takePooled(dtype, size, false) ?? backend.alloc(dtype, size, false);
  kernel({ dtype, shape, data: storage }, views, params);
  const out = Tensor.fromStorage(storage, shape, dtype);
  notify(prim, params, inputs, out);
  return out;
}

/** A reshape: a new tensor over the same data. */
export function runReshape(x: Tensor, shape: readonly number[]): Tensor {
  x.assertLive();
  const out = new Tensor(x.buffer, shape);
  notify("reshape", { shape }, [x], out);
  return out;
}
