/**
 * Turning op arguments into tensors. A plain JS number next to a tensor is a weak
 * scalar: it takes the tensor's dtype (see dtype/promotion.ts).
 */
import { promoteTypes, promoteWithScalar, type DType } from "../dtype/index.js";
import { describeValue } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { autocastDtype } from "./autocast.js";
import { tensor, tensorFrom, type TensorLike } from "./creation.js";

/** `x` as a tensor; numbers and arrays become float32 (booleans bool) unless `dtype` is given. */
export function toTensor(x: TensorLike, argName: string, opName: string, dtype?: DType): Tensor {
  if (x instanceof Tensor) {
    x.assertLive();
    const scope = autocastDtype();
    return scope === null ? x : x.readAs(scope);
  }
  if (x === null || x === undefined || (typeof x === "object" && !Array.isArray(x) && !ArrayBuffer.isView(x))) {
    throw new TypeError(`Argument '${argName}' passed to '${opName}' must be a Tensor or TensorLike, but got: ${describeValue(x)}`);
  }
  return tensorFrom(x, undefined, dtype, { argName, fn: opName, tensorToo: true });
}

/**
 * The two operands of a binary op as tensors of one dtype (before any cast), and
 * that dtype. Numbers are weak; tensors promote with `promoteTypes`.
 */
export function operandDTypes(a: TensorLike, b: TensorLike, opName: string): { a: Tensor; b: Tensor; dtype: DType } {
  const aWeak = typeof a === "number";
  const bWeak = typeof b === "number";
  if (aWeak && !bWeak) {
    const tb = toTensor(b, "b", opName);
    const dtype = promoteWithScalar(tb.dtype, a);
    return { a: tensor(a, [], dtype), b: tb, dtype };
  }
  if (bWeak && !aWeak) {
    const ta = toTensor(a, "a", opName);
    const dtype = promoteWithScalar(ta.dtype, b);
    return { a: ta, b: tensor(b, [], dtype), dtype };
  }
  const ta = toTensor(a, "a", opName);
  const tb = toTensor(b, "b", opName);
  return { a: ta, b: tb, dtype: promoteTypes(ta.dtype, tb.dtype) };
}
