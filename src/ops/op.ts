/**
 * Public ops run in their own library scope: the tensors they make on the way (operands
 * converted from arrays, dtype promotions, scalars, intermediate steps of a composite
 * op) are freed when they return, and only the result is handed out.
 */
import { libraryScope } from "../tensor/ownership.js";

/** `fn` as a public op. Example: `export const square = op((x: TensorLike) => ...)`. */
export function op<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => libraryScope(() => fn(...args));
}
