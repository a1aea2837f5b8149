/**
 * Confusion-matrix accumulation at a list of thresholds (Keras's
 * `update_confusion_matrix_variables`), shared by `Precision`, `Recall` and `AUC`.
 * A prediction is positive at threshold t when `yPred > t`; a label is positive when
 * non-zero. Counts accumulate in float32 in the order TensorFlow's kernels would
 * visit them; the result is added to float32 state variables.
 */
import type { Variable } from "../../autodiff/variable.js";
import { describeValue, formatShape, ValueError } from "../../errors.js";
import type { TensorLike } from "../../ops/creation.js";
import * as ops from "../../ops/index.js";
import { sameShape, squeezeOrExpand, squeezeOrExpandWeights, toFloat32 } from "../losses/losses-utils.js";
import { broadcastWeights, float32Data } from "./metrics-utils.js";

const f = Math.fround;

/** The state a confusion metric keeps: any of true/false positives/negatives, one entry per threshold. */
export interface ConfusionVariables {
  truePositives?: Variable;
  falsePositives?: Variable;
  trueNegatives?: Variable;
  falseNegatives?: Variable;
}

/**
 * A thresholds option as a list: a number or an array of numbers in [0, 1], `fallback`
 * when absent. Example: `parseThresholds([0.3, 0.7], 0.5, "Precision")` is `[0.3, 0.7]`.
 */
export function parseThresholds(thresholds: unknown, fallback: number, owner: string): number[] {
  if (thresholds === undefined) return [fallback];
  const list = typeof thresholds === "number" ? [thresholds] : thresholds;
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === "number")) {
    throw new TypeError(`Option 'thresholds' of ${owner} must be a number or a non-empty array of numbers, but got: ${describeValue(thresholds)}`);
  }
  const invalid = list.filter((t: number) => !(t >= 0 && t <= 1));
  if (invalid.length > 0) throw new ValueError(`Threshold values must be in [0, 1]. Received: [${invalid.join(", ")}] (option 'thresholds' of ${owner})`);
  return [...list] as number[];
}

/**
 * Keras's `is_evenly_distributed_thresholds`: at least 3 thresholds equal to
 * `i / (n - 1)` within NumPy's `allclose` tolerance. Such thresholds take the bucketed
 * O(N + T) path, which is the one Keras's `AUC` uses.
 */
export function isEvenlyDistributed(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  return thresholds.every((t, i) => {
    const even = f(f(i) / (n - 1));
    return Math.abs(t - even) <= 1e-7 + 1e-5 * Math.abs(even);
  });
}

/** Options of `updateConfusionMatrix`. */
export interface ConfusionUpdateOptions {
  sampleWeight?: TensorLike;
  /** Use the bucketed path (thresholds evenly spaced over [0, 1], optionally with epsilon ends). */
  evenlyDistributed: boolean;
  owner: string;
}

/** Adds one batch of (yTrue, yPred, sampleWeight) to the confusion variables at `thresholds`. */
export function updateConfusionMatrix(
  vars: ConfusionVariables,
  yTrue: TensorLike,
  yPred: TensorLike,
  thresholds: readonly number[],
  options: ConfusionUpdateOptions,
): void {
  const { owner } = options;
  const [p, t] = squeezeOrExpand(toFloat32(yPred, "yPred", owner), toFloat32(yTrue, "yTrue", owner));
  if (!sameShape(p.shape, t.shape)) {
    throw new ValueError(`Shapes ${formatShape(p.shape)} and ${formatShape(t.shape)} are incompatible: ${owner} needs yPred and yTrue of the same shape`);
  }
  let weights: Float32Array | null = null;
  if (options.sampleWeight != null) {
    const w = squeezeOrExpandWeights(p, toFloat32(options.sampleWeight, "sampleWeight", owner), owner);
    weights = float32Data(broadcastWeights(w, p, owner));
  }
  const preds = float32Data(p);
  // tf.keras asserts 0 <= yPred <= 1 before counting: a logit or a score of 50 would
  // otherwise count as positive at every threshold and give a plausible wrong metric.
  const bad = preds.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    const v = preds[bad]!;
    throw new ValueError(
      `predictions must be ${v > 1 ? "<= 1" : ">= 0"}: ${owner} takes probabilities in [0, 1] (AUC takes logits with fromLogits: true), but yPred holds ${describeValue(v)} at flat index ${bad}`,
    );
  }
  const labels = float32Data(t);
  const n = thresholds.length;
  const d = { tp: new Float32Array(n), fp: new Float32Array(n), tn: new Float32Array(n), fn: new Float32Array(n) };
  if (options.evenlyDistributed) accumulateBucketed(d, preds, labels, weights, thresholds);
  else accumulateDirect(d, preds, labels, weights, thresholds);
  const add = (v: Variable | undefined, delta: Float32Array): void => {
    if (v) v.assign(ops.add(v, ops.tensor(delta, [n], "float32")));
  };
  add(vars.truePositives, d.tp);
  add(vars.falsePositives, d.fp);
  add(vars.trueNegatives, d.tn);
  add(vars.falseNegatives, d.fn);
}

type Deltas = { tp: Float32Array; fp: Float32Array; tn: Float32Array; fn: Float32Array };

/** One comparison per (threshold, prediction): Keras's general path. */
function accumulateDirect(d: Deltas, preds: Float32Array, labels: Float32Array, weights: Float32Array | null, thresholds: readonly number[]): void {
  for (let j = 0; j < thresholds.length; j++) {
    const th = f(thresholds[j]!);
    let tp = 0,
      fp = 0,
      tn = 0,
      fn = 0;
    for (let i = 0; i < preds.length; i++) {
      const w = weights ? weights[i]! : 1;
      const positive = preds[i]! > th;
      if (labels[i] !== 0) {
        if (positive) tp = f(tp + w);
        else fn = f(fn + w);
      } else if (positive) fp = f(fp + w);
      else tn = f(tn + w);
    }
    d.tp[j] = tp;
    d.fp[j] = fp;
    d.tn[j] = tn;
    d.fn[j] = fn;
  }
}

/**
 * Keras's `_update_confusion_matrix_variables_optimized`: each prediction (clipped to
 * [0, 1]) falls in bucket `ceil(p·(n - 1)) - 1`; reversed cumulative sums of the
 * bucket weights give the positives at every threshold, and the negatives are the
 * totals minus those. With epsilon ends, bucket -1 (p = 0) joins bucket 0.
 */
function accumulateBucketed(d: Deltas, preds: Float32Array, labels: Float32Array, weights: Float32Array | null, thresholds: readonly number[]): void {
  const n = thresholds.length;
  const withEpsilon = thresholds[0]! < 0 || thresholds[n - 1]! > 1;
  const tpBucket = new Float32Array(n);
  const fpBucket = new Float32Array(n);
  let totalTrue = 0;
  let totalFalse = 0;
  for (let i = 0; i < preds.length; i++) {
    const w = weights ? weights[i]! : 1;
    const label = labels[i] !== 0 ? 1 : 0;
    const trueLabel = f(label * w);
    const falseLabel = f((1 - label) * w);
    totalTrue = f(totalTrue + trueLabel);
    totalFalse = f(totalFalse + falseLabel);
    const p = Math.min(Math.max(preds[i]!, 0), 1);
    let bucket = Math.ceil(f(p * (n - 1))) - 1;
    if (withEpsilon) bucket = Math.max(bucket, 0);
    // TensorFlow's segment sum drops negative ids (p = 0 without epsilon ends, NaN).
    if (!(bucket >= 0 && bucket < n)) continue;
    tpBucket[bucket] = f(tpBucket[bucket]! + trueLabel);
    fpBucket[bucket] = f(fpBucket[bucket]! + falseLabel);
  }
  let tp = 0;
  let fp = 0;
  for (let j = n - 1; j >= 0; j--) {
    tp = f(tp + tpBucket[j]!);
    fp = f(fp + fpBucket[j]!);
    d.tp[j] = tp;
    d.fp[j] = fp;
    d.fn[j] = f(totalTrue - tp);
    d.tn[j] = f(totalFalse - fp);
  }
}
