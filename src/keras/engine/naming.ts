/** Unique default names for layers, as Keras gives them: "dense", "dense_1", ... */

const counts = new Map<string, number>();

/**
 * The snake_case of a class or camelCase name: "Dense" -> "dense", "InputLayer" ->
 * "input_layer", "HTTPServer" -> "http_server", "glorotUniform" -> "glorot_uniform".
 * One rule for the default names of layers, losses and metrics and for the camelCase
 * identifiers that initializers and activations accept, so they cannot drift apart.
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * The next unused name with this base: the base itself first, then base_1, base_2, ...
 * With `firstIndex` 1 the first is base_1 (Keras's numbering of inputs and models).
 */
export function uniqueName(base: string, firstIndex: 0 | 1 = 0): string {
  const n = (counts.get(base) ?? 0) + firstIndex;
  counts.set(base, n + 1 - firstIndex);
  return n === 0 ? base : `${base}_${n}`;
}

/** Forgets the names given so far (Keras's `clear_session` does this). */
export function resetNames(): void {
  counts.clear();
}
