/**
 * The backend interface: kernels over contiguous row-major storage arrays.
 * Shape inference, dtype promotion, validation and gradients live in `ops`; a kernel
 * receives inputs that are already checked and an output already allocated with its
 * final shape and dtype, and fills it.
 */
import type { DType, Storage } from "../dtype/index.js";
import type { KernelPrim, PrimitiveParams } from "./primitives.js";
import type { UpdateName, UpdateTable } from "./updates.js";

/** What a kernel sees of a tensor: dtype, shape and the storage it reads or fills. */
export interface TensorView {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: Storage;
}

/** Fills `out` from `inputs`. `out.data` may hold garbage on entry. */
export type Kernel<P extends KernelPrim> = (out: TensorView, inputs: readonly TensorView[], params: PrimitiveParams[P]) => void;

/** A full kernel table: one kernel per primitive. */
export type KernelTable = { readonly [P in KernelPrim]: Kernel<P> };

export interface Backend {
  /** The name used with `setBackend`. */
  readonly name: string;
  /**
   * Storage for `size` elements of `dtype`. When `zeroed` is false the contents may be
   * garbage because the caller writes every element.
   */
  alloc(dtype: DType, size: number, zeroed: boolean): Storage;
  /** The kernels this backend has; a backend other than the reference may leave some out. */
  readonly kernels: Partial<KernelTable>;
  /**
   * Whether this backend runs `prim` for inputs of `inDtype` producing `outDtype`.
   * When it does not, the reference kernel runs on the same storage instead.
   */
  supports(prim: KernelPrim, inDtype: DType, outDtype: DType): boolean;
  /** Fused optimizer updates this backend has (see updates.ts). */
  readonly updates: Partial<UpdateTable>;
  /** Whether this backend runs update `name` for gradients of `gradDtype`. */
  supportsUpdate(name: UpdateName, gradDtype: DType): boolean;
}
