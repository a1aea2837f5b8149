/**
 * Error types. Messages name the argument, what was expected and what was received;
 * Keras's wording is used where Keras has one.
 */

/** An argument has the right type but a wrong value (Keras's ValueError). */
export class ValueError extends Error {
  override name = "ValueError";
}

/** A call is valid but the object's state refuses it now (Python's RuntimeError), e.g. a second concurrent `fit`. */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

/** An operation was used on a tensor that was disposed. */
export class DisposedTensorError extends Error {
  override name = "DisposedTensorError";
}

/** Formats a shape like TensorFlow does in messages: `[2,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Formats any received value for an error message, briefly. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(", ")}]`;
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  if (!ctor) return "an object";
  return /^[AEIO]/.test(ctor) ? `an ${ctor}` : `a ${ctor}`;
}
