/**
 * The one registry of serializable classes and functions (Keras's `object_registration`
 * plus `serialization_lib`): every built-in layer, model, initializer, optimizer,
 * schedule, loss, metric, activation and policy registers itself beside its definition,
 * and user classes join with `registerSerializable`. `serialize` turns an object into
 * `{ module, className, config, registeredName }` (camelCase config, as `getConfig`
 * returns it); `deserialize` turns that back into an object of the kind the context
 * expects. The on-disk form (snake_case) is made from this one by config-keys.ts.
 */
import { describeValue, ValueError } from "../../errors.js";
import type { Activation } from "../activations/activations.js";
import type { Layer } from "../engine/layer.js";
import type { Initializer } from "../initializers/initializer.js";
import type { Loss } from "../losses/loss.js";
import type { Metric } from "../metrics/metric.js";
import type { Policy } from "../mixed-precision/policy.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import type { LearningRateSchedule } from "../optimizers/schedules/learning-rate-schedule.js";

/** What each kind of serializable object is. */
export interface SerializableKinds {
  layer: Layer;
  initializer: Initializer;
  optimizer: Optimizer;
  schedule: LearningRateSchedule;
  loss: Loss;
  metric: Metric;
  activation: Activation;
  policy: Policy;
}

export type SerializableKind = keyof SerializableKinds;

/** An object as plain data: Keras's `serialize_keras_object` form, camelCase. */
export interface SerializedObject<C extends Record<string, unknown> | string = Record<string, unknown>> {
  module: string;
  className: string;
  /** The object's `getConfig()`; for a function, its registered name. */
  config: C;
  /** `package>Name` for a class registered by `registerSerializable`, else null. */
  registeredName: string | null;
}

/** The Keras module each kind's built-ins are saved under. */
const MODULES: Readonly<Record<SerializableKind, string>> = {
  layer: "keras.layers",
  initializer: "keras.initializers",
  optimizer: "keras.optimizers",
  schedule: "keras.optimizers.schedules",
  loss: "keras.losses",
  metric: "keras.metrics",
  activation: "keras.activations",
  policy: "keras",
};

/** Keras's wording for each kind in "Unknown ..." errors. */
const NOUNS: Readonly<Record<SerializableKind, string>> = {
  layer: "layer",
  initializer: "initializer",
  optimizer: "optimizer",
  schedule: "learning rate schedule",
  loss: "loss",
  metric: "metric",
  activation: "activation function",
  policy: "dtype policy",
};

// biome-ignore lint/suspicious/noExplicitAny: a registered class takes any constructor arguments.
type AnyClass = abstract new (...args: any[]) => unknown;
type Target = AnyClass | ((...args: never[]) => unknown);
/** What a built-in of kind K can be: a class of K's objects, or for activations, losses and metrics a function too. */
type TargetOf<K extends SerializableKind> =
  | (abstract new (
      ...args: never[]
    ) => SerializableKinds[K])
  | (K extends "activation" | "loss" | "metric" ? (...args: never[]) => unknown : never);

/** Builds an object from its (camelCase) config. */
export type FromConfig = (config: Record<string, unknown>) => unknown;

interface Entry {
  readonly className: string;
  readonly module: string;
  readonly registeredName: string | null;
  readonly target: Target;
  readonly fromConfig: FromConfig | null;
}

const builtIns = new Map<SerializableKind, Map<string, Entry>>();
const byTarget = new Map<Target, Entry>();
const custom = new Map<string, Entry>();
/** The `customObjects` of the deserializations running now (innermost last), as Keras's CustomObjectScope. */
const scopes: Record<string, unknown>[] = [];

/** A class: `class` syntax, or a constructor function whose instances have `getConfig` (code compiled to ES5). */
const isClass = (t: Target): t is AnyClass =>
  typeof t === "function" && (/^class[\s{]/.test(Function.prototype.toString.call(t)) || typeof t.prototype?.getConfig === "function");

/** Calls a class's static `fromConfig` if it has one, else its constructor with the config. */
function defaultFromConfig(target: Target): FromConfig | null {
  if (!isClass(target)) return null;
  const fromConfig = (target as unknown as { fromConfig?: (c: Record<string, unknown>) => unknown }).fromConfig;
  if (typeof fromConfig === "function") return (c) => fromConfig.call(target, c);
  return (c) => new (target as unknown as new (c: Record<string, unknown>) => unknown)(c);
}

/**
 * @internal Registers a built-in under its Keras class name (for a function: its Keras
 * name, e.g. "relu"); `aliases` are other names that find it (Keras's older spellings).
 * Example: `registerBuiltIn("layer", "Dense", Dense)`.
 */
export function registerBuiltIn<K extends SerializableKind>(
  kind: K,
  className: string,
  target: TargetOf<K>,
  options: { module?: string; fromConfig?: FromConfig; aliases?: readonly string[] } = {},
): void {
  const entry: Entry = {
    className,
    module: options.module ?? MODULES[kind],
    registeredName: null,
    target,
    fromConfig: options.fromConfig ?? defaultFromConfig(target),
  };
  const table = builtIns.get(kind) ?? new Map<string, Entry>();
  builtIns.set(kind, table);
  for (const name of [className, ...(options.aliases ?? [])]) table.set(name, entry);
  if (!byTarget.has(target)) byTarget.set(target, entry);
}

/**
 * Registers a user class or function so that models using it can be saved and loaded
 * (Keras's `register_keras_serializable`): it is saved as `package>name` and found by
 * that name when a file is loaded. Returns `target`, so it can wrap a class expression.
 * A class is rebuilt with its static `fromConfig(config)` (the base classes define one
 * that calls the constructor with the config) from what its `getConfig()` returned.
 *
 * ```ts
 * class Scale extends keras.layers.Layer { ... getConfig() { return { ...super.getConfig(), factor: this.factor }; } }
 * keras.saving.registerSerializable(Scale, { package: "my_models" });
 * await keras.models.loadModel("scaled.keras"); // finds "my_models>Scale"
 * ```
 */
export function registerSerializable<T extends Target>(target: T, options: { package?: string; name?: string } = {}): T {
  if (typeof target !== "function") {
    throw new TypeError(`registerSerializable expects a class or a function, but got: ${describeValue(target)}`);
  }
  const pkg = options.package ?? "Custom";
  const name = options.name ?? target.name;
  if (typeof pkg !== "string" || pkg.includes(">"))
    throw new ValueError(`Argument 'package' of registerSerializable must be a string without '>', but got: ${describeValue(pkg)}`);
  if (typeof name !== "string" || name === "") {
    throw new ValueError(`registerSerializable needs a name for ${describeValue(target)}: pass { name } for an anonymous function or class`);
  }
  const registeredName = `${pkg}>${name}`;
  const entry: Entry = { className: name, module: pkg, registeredName, target, fromConfig: defaultFromConfig(target) };
  custom.set(registeredName, entry);
  byTarget.set(target, entry);
  return target;
}

/** The registered entry of `target` or of its nearest registered ancestor class (whose module it is saved under). */
function entryOf(target: Target): { own: Entry | undefined; base: Entry | undefined } {
  const own = byTarget.get(target);
  let proto: unknown = own ? undefined : Object.getPrototypeOf(target);
  let base = own;
  while (!base && typeof proto === "function") {
    base = byTarget.get(proto as Target);
    proto = Object.getPrototypeOf(proto);
  }
  return { own, base };
}

/** The Keras name of a built-in class or function ("Functional" for Model, "relu"), or undefined for any other. */
export function builtInNameOf(target: Target): string | undefined {
  const own = byTarget.get(target);
  return own && own.registeredName === null ? own.className : undefined;
}

/**
 * The Keras class name of `target`: a built-in's (Model's is "Functional"), else the
 * class's own name (Keras's weight files key layers by it, registered or not).
 */
export function kerasClassNameOf(target: Target): string {
  return builtInNameOf(target) ?? target.name;
}

/** The name a class or function is saved under (its registered name for a user's). Example: `registeredNameOf(Dense)` is "Dense". */
export function registeredNameOf(target: Target): string {
  const { own } = entryOf(target);
  return own ? (own.registeredName ?? own.className) : target.name;
}

/**
 * An object (or a registered function) as `{ module, className, config, registeredName }`.
 * An unregistered subclass of a built-in is saved under its own class name, in its
 * base's module (Keras saves it so, and finds it again through `customObjects`).
 * Example: `serialize(new initializers.Zeros())` is `{ module: "keras.initializers", className: "Zeros", config: {}, registeredName: null }`.
 */
export function serialize(value: (...args: never[]) => unknown): SerializedObject<string>;
export function serialize(value: object): SerializedObject;
export function serialize(value: object): SerializedObject | SerializedObject<string> {
  if (typeof value === "function") {
    const { own } = entryOf(value as Target);
    if (!own) {
      throw new ValueError(
        `Cannot serialize the function ${value.name || "(anonymous)"}: only built-in functions and functions registered with keras.saving.registerSerializable can be saved`,
      );
    }
    return { module: "builtins", className: "function", config: own.registeredName ?? own.className, registeredName: "function" };
  }
  const ctor = (value as { constructor: Target }).constructor;
  const getConfig = (value as { getConfig?: () => unknown }).getConfig;
  if (typeof getConfig !== "function") throw new TypeError(`Cannot serialize ${describeValue(value)}: it has no getConfig()`);
  const config = getConfig.call(value);
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`${ctor.name}.getConfig() must return an object, but returned: ${describeValue(config)}`);
  }
  const { own, base } = entryOf(ctor);
  return {
    module: base?.module ?? "builtins",
    className: own?.className ?? ctor.name,
    config: config as Record<string, unknown>,
    registeredName: own?.registeredName ?? null,
  };
}

/** True for `{ className: string, config: object | string }` (module and registeredName may be absent). */
export function isSerialized(
  value: unknown,
): value is Pick<SerializedObject<Record<string, unknown> | string>, "className" | "config"> & Partial<SerializedObject<Record<string, unknown> | string>> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.className === "string" && v.config !== null && (typeof v.config === "object" || typeof v.config === "string");
}

/** The class or function a name stands for: the scopes' customObjects, then registered user objects, then `kind`'s built-ins. */
function lookup(kind: SerializableKind, names: readonly (string | null | undefined)[]): Entry | undefined {
  for (const name of names) {
    if (!name) continue;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const t = scopes[i]![name];
      if (t !== undefined) {
        const { own } = entryOf(t as Target);
        return {
          ...(own ?? { module: "builtins", registeredName: null }),
          className: name,
          target: t as Target,
          fromConfig: defaultFromConfig(t as Target),
        };
      }
    }
  }
  for (const name of names) {
    const e = name ? custom.get(name) : undefined;
    if (e) return e;
  }
  for (const name of names) {
    const e = name ? builtIns.get(kind)?.get(name) : undefined;
    if (e) return e;
  }
  return undefined;
}

/** Runs `fn` with `customObjects` visible to every lookup inside it (Keras's `custom_object_scope`). */
export function withCustomObjects<T>(customObjects: Record<string, unknown> | undefined, fn: () => T): T {
  if (customObjects === undefined) return fn();
  if (customObjects === null || typeof customObjects !== "object") {
    throw new TypeError(`Option 'customObjects' must be an object of names to classes or functions, but got: ${describeValue(customObjects)}`);
  }
  scopes.push(customObjects);
  try {
    return fn();
  } finally {
    scopes.pop();
  }
}

function unknownObject(kind: SerializableKind, name: string): ValueError {
  const known = [...new Set(builtIns.get(kind)?.values() ?? [])].map((e) => e.className);
  return new ValueError(
    `Unknown ${NOUNS[kind]}: '${name}'. Please ensure you are using a \`keras.utils.custom_object_scope\` and that this object is included in the scope ` +
      `(in kerats: pass it in \`customObjects\`, or register it with keras.saving.registerSerializable). Known ${NOUNS[kind]}s: ${known.join(", ")}`,
  );
}

/**
 * @internal The built-in or registered object of `kind` named `name` (a function
 * itself, a class instantiated without arguments), or undefined.
 */
export function lookupNamed<K extends SerializableKind>(kind: K, name: string): Entry | undefined {
  return lookup(kind, [name]);
}

/**
 * The object `serialize` described, of the kind the caller expects; `customObjects`
 * names classes and functions that are neither built in nor registered.
 * Example: `deserialize("initializer", { className: "GlorotUniform", config: { seed: 1 } })`.
 */
export function deserialize<K extends SerializableKind>(kind: K, value: unknown, customObjects?: Record<string, unknown>): SerializableKinds[K] {
  return withCustomObjects(customObjects, () => {
    if (typeof value === "string") {
      const e = lookup(kind, [value]);
      if (!e) throw unknownObject(kind, value);
      return (isClass(e.target) ? e.fromConfig!({}) : e.target) as SerializableKinds[K];
    }
    if (!isSerialized(value)) {
      throw new TypeError(`Cannot deserialize a ${NOUNS[kind]} from ${describeValue(value)}: expected { module, className, config, registeredName } or a name`);
    }
    if (value.className === "function" && typeof value.config === "string") {
      const e = lookup(kind, [value.config]);
      if (!e || isClass(e.target)) throw unknownObject(kind, value.config);
      return e.target as SerializableKinds[K];
    }
    const e = lookup(kind, [value.registeredName, value.className]);
    if (!e) throw unknownObject(kind, value.registeredName ?? value.className);
    if (!e.fromConfig || typeof value.config !== "object") {
      throw new ValueError(`Cannot deserialize ${value.className}: it is a function, not a class with a config`);
    }
    return e.fromConfig({ ...value.config }) as SerializableKinds[K];
  });
}

/**
 * Keras's `deserialize_keras_object`: the object a serialized form describes, its kind
 * found from its module ("keras.layers", "keras.optimizers", ...), or from its class
 * name when the module says nothing. Example: `keras.saving.deserialize(keras.saving.serialize(layer))`.
 */
export function deserializeObject(value: unknown, customObjects?: Record<string, unknown>): unknown {
  if (!isSerialized(value)) {
    throw new TypeError(`Cannot deserialize ${describeValue(value)}: expected { module, className, config, registeredName }`);
  }
  const kinds = Object.keys(MODULES) as SerializableKind[];
  const byModule = kinds.filter(
    (k) => value.module !== undefined && (value.module === MODULES[k] || value.module.startsWith(`keras.src.${MODULES[k].slice(6)}`)),
  );
  const names = [value.registeredName, value.className, typeof value.config === "string" ? value.config : null];
  const kind =
    withCustomObjects(customObjects, () => [...byModule, ...kinds].find((k) => lookup(k, names) !== undefined)) ??
    (value.module === "keras" || value.module?.startsWith("keras.src.models") ? "layer" : byModule[0]);
  if (kind === undefined) throw unknownObject("layer", value.registeredName ?? value.className);
  return deserialize(kind, value, customObjects);
}
