/**
 * Keras's warning for a custom training loop that forgets to scale the loss or to
 * unscale the gradients: the model still trains, but float16 gradients underflow or
 * steps are off by the loss scale, so quality silently suffers.
 */

const EXAMPLE = `
    const tape = new tf.GradientTape();
    const scaledLoss = tape.record(() => opt.getScaledLoss(lossFn()));
    const scaledGrads = tape.gradient(scaledLoss, vars);
    const grads = opt.getUnscaledGradients(scaledGrads);
    opt.applyGradients(grads, vars);`;

const MORE = "\nFor more information, see https://www.tensorflow.org/api_docs/python/tf/keras/mixed_precision/LossScaleOptimizer";

/**
 * The warning for `method` given which of the two calls happened, or null when both
 * did. `gradientsUnscaled` is true for `applyScaledGradients`, which unscales itself.
 * Example: `scalingWarning(false, false, "applyGradients")`.
 */
export function scalingWarning(lossScaled: boolean, gradientsUnscaled: boolean, method: string): string | null {
  const apply = `LossScaleOptimizer.${method}()`;
  if (lossScaled && gradientsUnscaled) return null;
  if (!lossScaled && !gradientsUnscaled) {
    return (
      `You forgot to call LossScaleOptimizer.getScaledLoss() and LossScaleOptimizer.getUnscaledGradients() before calling ${apply}. ` +
      `This will likely result in worse model quality, so please call them in the correct places! For example:${EXAMPLE}${MORE}`
    );
  }
  if (!lossScaled) {
    const did = gradientsUnscaled && method === "applyGradients" ? " (you did call getUnscaledGradients() however)" : "";
    return (
      `You forgot to call LossScaleOptimizer.getScaledLoss() before calling ${apply}${did}. ` +
      `This will likely result in worse model quality, so please call getScaledLoss() in the correct place! For example:${EXAMPLE}${MORE}`
    );
  }
  return (
    `You forgot to call LossScaleOptimizer.getUnscaledGradients() before calling ${apply} (you did call getScaledLoss() however). ` +
    `This will likely result in worse model quality, so please call getUnscaledGradients() in the correct place! For example:${EXAMPLE}${MORE}`
  );
}
