/** Keras's default names for loss and metric subclasses. */

/** `MyLoss` -> `my_loss`: Keras's default name for a subclass without one. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
