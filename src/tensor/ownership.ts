/**
 * Who owns a tensor, and so who frees it.
 *
 * - The user owns what a public function hands out: it lives until `dispose()` or
 *   until the garbage collector takes it.
 * - A library scope (`libraryScope(fn)`) owns every tensor created while it is the
 *   current owner. When `fn` returns, the tensors in its result move to the enclosing
 *   owner and every other one is disposed at once: layer intermediates, autocast
 *   copies, activations between layers, everything a training step makes.
 * - A `tf.tidy` scope does the same for user code, with TensorFlow.js's semantics.
 * - A holder (the gradient tape) keeps its own views of what it saved and releases
 *   them itself; they belong to no scope.
 *
 * User code that library code calls (a custom layer's `call`, a custom loss or
 * metric, an activation function) runs under `asUser`, so what it creates is the
 * user's (or its tidy's) and the library never frees it; library tensors passed to it
 * are handed over with `handOver` first, since user code may keep them.
 * Scopes are synchronous: one never spans an `await`, so code that runs between the
 * steps of an async loop (timers, callbacks) is never captured by it.
 */

/** An ownership scope: a library scope, or a `tf.tidy` (which is user-level). */
export class Scope {
  /** Tensors created while this scope was the owner; some may have moved or been disposed since. */
  readonly owned: Ownable[] = [];
  constructor(
    readonly parent: Owner,
    readonly userLevel: boolean,
  ) {}
}

/** The tensor interface ownership needs (Tensor implements it; this file sits below it). */
export interface Ownable {
  owner: Owner;
  readonly isDisposed: boolean;
  dispose(): void;
  /** @internal Tells the accounting whether the user now owns it. */
  ownerChanged(): void;
}

/**
 * null: the user. HELD: a holder that releases it explicitly (the tape's views, never
 * given to user code). KEPT: library code keeping it across an async loop's steps; it
 * becomes the user's if user code is given it or it is returned.
 */
export type Owner = Scope | null | typeof HELD | typeof KEPT;
export const HELD = "held" as const;
export const KEPT = "kept" as const;

let current: Scope | null = null;

/** The owner a tensor created now gets. */
export function currentOwner(): Scope | null {
  return current;
}

/** @internal Registers a new tensor with its owner scope. */
export function adopt(t: Ownable): void {
  if (t.owner instanceof Scope) t.owner.owned.push(t);
}

function userContext(from: Scope | null): Scope | null {
  let s: Owner = from;
  while (s instanceof Scope && !s.userLevel) s = s.parent;
  return s instanceof Scope ? s : null;
}

function moveTo(t: Ownable, owner: Scope | null): void {
  t.owner = owner;
  if (owner) owner.owned.push(t);
  t.ownerChanged();
}

/**
 * Calls `visit` on every tensor in `value`: a tensor, or arrays and plain objects of
 * them, nested (cycles are safe). With `anyObject`, the enumerable properties of every
 * object are searched, as TensorFlow.js's `tidy` and `dispose` do.
 */
export function forEachTensor(
  value: unknown,
  visit: (t: Ownable) => void,
  isTensor: (v: unknown) => v is Ownable,
  anyObject = false,
  seen?: Set<object>,
): void {
  if (value === null || typeof value !== "object") return;
  if (isTensor(value)) {
    visit(value);
    return;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !anyObject && Object.getPrototypeOf(value) !== Object.prototype) return;
  const visited = seen ?? new Set<object>();
  if (visited.has(value)) return;
  visited.add(value);
  if (isArray) for (const v of value) forEachTensor(v, visit, isTensor, anyObject, visited);
  else for (const key in value) forEachTensor((value as Record<string, unknown>)[key], visit, isTensor, anyObject, visited);
}

let isTensorValue: (v: unknown) => v is Ownable = (_v): _v is Ownable => false;

/** @internal Set once by tensor.ts: how to recognize a tensor in a scope's result. */
export function setTensorCheck(check: (v: unknown) => v is Ownable): void {
  isTensorValue = check;
}

function runScope<T>(userLevel: boolean, fn: () => T): T {
  const parent = current;
  const scope = new Scope(parent, userLevel);
  current = scope;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    current = parent;
    for (const t of scope.owned) if (t.owner === scope) t.dispose();
    throw e;
  }
  current = parent;
  // A tidy searches its result as TensorFlow.js does; library results are tensors, arrays and plain objects.
  forEachTensor(
    result,
    (t) => {
      if (t.owner === scope) moveTo(t, parent);
    },
    isTensorValue,
    userLevel,
  );
  for (const t of scope.owned) if (t.owner === scope && !t.isDisposed) t.dispose();
  return result;
}

/**
 * @internal Runs library code `fn`: tensors it creates and does not return are
 * disposed when it returns (or throws); returned ones go to the enclosing owner.
 */
export function libraryScope<T>(fn: () => T): T {
  return runScope(false, fn);
}

/** @internal `tf.tidy`: a user-level scope. */
export function tidyScope<T>(fn: () => T): T {
  return runScope(true, fn);
}

/**
 * @internal Runs user code called from library code: what it creates belongs to the
 * user (or the innermost `tf.tidy`), never to the library scope around it.
 */
export function asUser<T>(fn: () => T): T {
  const saved = current;
  current = userContext(current);
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** @internal Gives library tensors to user code: they leave their library scope for the user's context. */
export function handOver(value: unknown): void {
  const target = userContext(current);
  forEachTensor(
    value,
    (t) => {
      if ((t.owner instanceof Scope && !t.owner.userLevel) || t.owner === KEPT) moveTo(t, target);
    },
    isTensorValue,
  );
}

/**
 * @internal Takes the tensors in `value` that the running library scope made out of it,
 * for library code that keeps them past the scope (across the steps of an async loop);
 * returns them, for `disposeKept`. The user's tensors are left alone.
 */
export function keepOwned(value: unknown): Ownable[] {
  const kept: Ownable[] = [];
  forEachTensor(
    value,
    (t) => {
      if (current !== null && t.owner === current) {
        t.owner = KEPT;
        kept.push(t);
      }
    },
    isTensorValue,
  );
  return kept;
}

/** @internal Disposes the tensors of `kept` that library code still keeps (not those given to the user since). */
export function disposeKept(kept: readonly Ownable[]): void {
  for (const t of kept) if (t.owner === KEPT) t.dispose();
}

/** @internal Gives kept tensors in `value` to the user's context (what an async library function finally returns). */
export function releaseToUser(value: unknown): void {
  const target = userContext(current);
  forEachTensor(
    value,
    (t) => {
      if (t.owner === KEPT) moveTo(t, target);
    },
    isTensorValue,
  );
}

/** @internal Disposes `t` now if the running library scope owns it (a temporary it is done with early). */
export function disposeIfCurrent(t: Ownable): void {
  if (current !== null && !current.userLevel && t.owner === current) t.dispose();
}

/** Functions kerats defines: what they create is the library's (see `invoke`). */
const LIBRARY_CODE = new WeakSet<object>();

/** @internal Marks `fn` as kerats's own code and returns it. */
export function libraryCode<F extends (...args: never[]) => unknown>(fn: F): F {
  LIBRARY_CODE.add(fn);
  return fn;
}

/**
 * @internal Calls `fn` from library code: directly when it is kerats's own, else as user
 * code (`asUser`), its tensor arguments handed over first, since user code may keep them.
 */
export function invoke<A extends unknown[], R>(fn: (...args: A) => R, thisArg: unknown, args: A): R {
  if (LIBRARY_CODE.has(fn)) return fn.apply(thisArg, args);
  handOver(args);
  return asUser(() => fn.apply(thisArg, args));
}

/**
 * @internal Makes methods `names` of a kerats class library code that runs in its own
 * library scope: called by users or by the library, they free their temporaries and
 * hand out only what they return. Subclasses that override one are user code.
 */
export function libraryMethods<C extends { prototype: object }>(cls: C, names: readonly (keyof C["prototype"] & string)[]): void {
  const proto = cls.prototype as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const fn = proto[name]!;
    proto[name] = libraryCode(function (this: unknown, ...args: unknown[]) {
      return libraryScope(() => fn.apply(this, args));
    });
  }
}

/**
 * @internal `fn`, a kerats function users may call too, as library code that runs in its
 * own library scope. Example: `export const relu = libraryFunction((x: TensorLike) => ...)`.
 */
export function libraryFunction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return libraryCode((...args: A): R => libraryScope(() => fn(...args)));
}

/** @internal Whether a library scope (not the user, a tidy or a holder) owns `t`. */
export function isLibraryOwned(t: Ownable): boolean {
  return t.owner instanceof Scope && !t.owner.userLevel;
}

/** @internal `tf.keep`: a tensor leaves its tidy (or library) scope for the user. */
export function keepTensor(t: Ownable): void {
  if (t.owner instanceof Scope) moveTo(t, null);
}
