/**
 * One training, test or prediction step. A training step computes in the layers'
 * policies, scales the loss when the optimizer is a LossScaleOptimizer (whose update
 * skips non-finite steps without touching the weights), and updates the metrics.
 */
import { GradientTape } from "../../autodiff/gradient-tape.js";
import * as ops from "../../ops/index.js";
import { libraryScope } from "../../tensor/ownership.js";
import type { Tensor } from "../../tensor/tensor.js";
import { metricResult, updateMetric } from "../metrics/metric.js";
import type { Model } from "../models/model.js";
import type { Compiled } from "./compile.js";
import type { Batch } from "./data-batches.js";

/** The model's outputs for a batch (always a list). */
export function forward(model: Model, x: Tensor[], training: boolean): Tensor[] {
  const out = model.apply(x.length === 1 ? x[0]! : x, { training }) as Tensor | Tensor[];
  return Array.isArray(out) ? out : [out];
}

/** The weighted total loss (float32 scalar) and each output's loss. */
function totalLoss(c: Compiled, y: Tensor[], preds: Tensor[], sampleWeight: Tensor | null): { total: Tensor; parts: Tensor[] } {
  const parts = preds.map((p, i) => c.losses[i]!.apply(y[i]!, p, sampleWeight ?? undefined));
  let total = parts[0]!;
  if (c.lossWeights[0] !== 1) total = ops.mul(total, c.lossWeights[0]!);
  for (let i = 1; i < parts.length; i++) total = ops.add(total, c.lossWeights[i] === 1 ? parts[i]! : ops.mul(parts[i]!, c.lossWeights[i]!));
  return { total, parts };
}

function updateMetrics(c: Compiled, b: Batch, preds: Tensor[], total: Tensor, parts: Tensor[]): void {
  const batchSize = b.x[0]!.shape[0] ?? 1;
  // Keras weights the running loss by batch size so the epoch value is the per-sample mean.
  c.lossTracker.updateState(total, ops.scalar(batchSize));
  c.outputLossTrackers.forEach((t, i) => {
    t.metric.updateState(parts[i]!, ops.scalar(batchSize));
  });
  c.metrics.forEach((list, i) => {
    for (const { metric } of list) updateMetric(metric, b.sampleWeight ? [b.y[i]!, preds[i]!, b.sampleWeight] : [b.y[i]!, preds[i]!]);
  });
}

/**
 * One optimizer step on a batch; returns whether a LossScaleOptimizer skipped it
 * (non-finite gradients). Run it in a library scope: everything it makes is garbage
 * when it returns.
 */
export function trainStep(model: Model, c: Compiled, b: Batch): boolean {
  const vars = model.trainableWeights;
  const tape = new GradientTape();
  let recorded: { preds: Tensor[]; total: Tensor; parts: Tensor[]; target: Tensor };
  try {
    recorded = tape.record(() => {
      const preds = forward(model, b.x, true);
      const { total, parts } = totalLoss(c, b.y, preds, b.sampleWeight);
      return { preds, total, parts, target: c.lossScale ? c.lossScale.getScaledLoss(total) : total };
    });
  } catch (e) {
    tape.dispose();
    throw e;
  }
  const { preds, total, parts, target } = recorded;
  const grads = tape.gradient(target, vars);
  if (c.lossScale) c.lossScale.applyScaledGradients(grads, vars);
  else c.optimizer.applyGradients(grads, vars);
  updateMetrics(c, b, preds, total, parts);
  return c.lossScale?.lastStepSkipped ?? false;
}

/** Loss and metrics on a batch, without training. */
export function testStep(model: Model, c: Compiled, b: Batch): void {
  const preds = forward(model, b.x, false);
  const { total, parts } = totalLoss(c, b.y, preds, b.sampleWeight);
  updateMetrics(c, b, preds, total, parts);
}

/** The current logs: "loss", per-output losses, then the metrics, as numbers. */
export function currentLogs(c: Compiled): Record<string, number> {
  return libraryScope(() => {
    const logs: Record<string, number> = { loss: c.lossTracker.result().dataSync()[0]! };
    for (const t of c.outputLossTrackers) logs[t.name] = t.metric.result().dataSync()[0]!;
    for (const list of c.metrics) for (const { name, metric } of list) logs[name] = metricResult(metric).dataSync()[0]!;
    return logs;
  });
}

/** Resets the loss trackers and metrics (at the start of each epoch and evaluation). */
export function resetMetrics(c: Compiled): void {
  c.lossTracker.resetState();
  for (const t of c.outputLossTrackers) t.metric.resetState();
  for (const list of c.metrics) for (const { metric } of list) metric.resetState();
}
