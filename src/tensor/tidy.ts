/**
 * TensorFlow.js's memory tools: `tf.tidy`, `tf.keep`, `tf.dispose`. kerats never needs
 * them (the library frees its own temporaries, and what it hands out is collected), but
 * code ported from TF.js uses them, and they free user temporaries at once instead of at
 * the next collection.
 */
import { describeValue } from "../errors.js";
import { forEachTensor, keepTensor, tidyScope } from "./ownership.js";
import { Tensor } from "./tensor.js";

const isTensor = (v: unknown): v is Tensor => v instanceof Tensor;

/**
 * Runs `fn` and disposes every tensor created while it runs except those it returns
 * (a tensor, or any object or array holding tensors, searched as TensorFlow.js does)
 * and those passed to `tf.keep`.
 * Returned tensors belong to the enclosing tidy, if any. Variables are never disposed.
 * `fn` must be synchronous. The optional first argument names the scope, as in TF.js.
 * Example: `const y = tf.tidy(() => x.square().add(1))` frees `x.square()`.
 */
export function tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T {
  let body: unknown = nameOrFn;
  if (fn !== undefined) {
    if (typeof nameOrFn !== "string") {
      throw new TypeError(`When calling with two arguments, the first argument to tidy() must be a string, but got: ${describeValue(nameOrFn)}`);
    }
    body = fn;
    if (typeof body !== "function") throw new TypeError(`The 2nd argument to tidy() must be a function, but got: ${describeValue(fn)}`);
  } else if (typeof body !== "function") {
    throw new TypeError(`The first argument to tidy() must be a function, but got: ${describeValue(nameOrFn)}`);
  }
  return tidyScope(() => {
    const result = (body as () => T)();
    // Thrown inside the scope, so what fn made is still disposed. The abandoned promise
    // gets a handler: its later failure (it may use what was disposed) must not crash the process.
    if (result instanceof Promise) {
      result.catch(() => {});
      throw new TypeError("Cannot return a Promise inside of tidy(): fn must be synchronous");
    }
    return result;
  });
}

/**
 * Keeps `result`, created inside a `tf.tidy`, from being disposed when the tidy ends;
 * it is then the user's, like a tensor created outside any tidy. Returns it.
 * Example: `tf.tidy(() => { kept = tf.keep(x.square()); })`.
 */
export function keep<T extends Tensor>(result: T): T {
  if (!(result instanceof Tensor)) throw new TypeError(`Argument 'result' of keep must be a Tensor, but got: ${describeValue(result)}`);
  keepTensor(result);
  return result;
}

/**
 * Disposes every tensor in `container`: a tensor, or any object or array holding
 * tensors, nested (variables included), searched as TensorFlow.js does.
 * Example: `tf.dispose([a, { b, c: [d] }])`.
 */
export function dispose(container: unknown): void {
  forEachTensor(container, (t) => t.dispose(), isTensor, true);
}
