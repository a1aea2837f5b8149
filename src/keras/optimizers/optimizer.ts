/**
 * Optimizer: the base of kerats's optimizers, with tf.keras 2.11+ semantics. It owns
 * what every optimizer shares: the learning rate (a number or a schedule), the
 * iteration count, gradient clipping, weight decay, lazily created float32 slots and
 * the checks that keep a failed step from leaving variables half-updated. Subclasses
 * say which slots they keep and run one fused update per variable.
 */
import { GradientTape } from "../../autodiff/gradient-tape.js";
import { variable as newVariable, type Variable } from "../../autodiff/variable.js";
import { describeValue, ValueError } from "../../errors.js";
import { zeros } from "../../ops/creation.js";
import { mul, sub } from "../../ops/elementwise.js";
import { Tensor } from "../../tensor/tensor.js";
import { clipByGlobalNorm, clipByNorm, clipByValue, toFloat32 } from "./clipping.js";
import { filterEmptyGradients, toGradientPairs, type AppliedPair, type GradientPair } from "./gradient-pairs.js";
import { LearningRateSchedule } from "./schedules/learning-rate-schedule.js";
import {
  deserialize as deserializeSchedule,
  isSerializedSchedule,
  serialize as serializeSchedule,
  type SerializedSchedule,
} from "./schedules/serialization.js";
import { asUser, invoke, libraryMethods } from "../../tensor/ownership.js";
import { NON_NEGATIVE, POSITIVE, checkNumber, checkOptions, optionalNumber, stringOption } from "../../options.js";

/** Options every optimizer accepts (Keras's base optimizer arguments, camelCased). */
export interface OptimizerOptions {
  /** A non-negative number or a `LearningRateSchedule`. Each optimizer has its Keras default. */
  learningRate?: number | LearningRateSchedule;
  /** Clip each gradient to this L2 norm. At most one of the three clipping options. */
  clipnorm?: number | null;
  /** Clip each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number | null;
  /** Decoupled weight decay: each step, `w -= w · weightDecay · learningRate` before the update. */
  weightDecay?: number | null;
  name?: string;
}

/** The option names of `OptimizerOptions`, for subclasses' option checks. */
export const OPTIMIZER_KEYS: readonly string[] = ["learningRate", "clipnorm", "clipvalue", "globalClipnorm", "weightDecay", "name"];

/** `getConfig()` of the base options. */
export type OptimizerConfig = {
  name: string;
  learningRate: number | SerializedSchedule;
  clipnorm: number | null;
  clipvalue: number | null;
  globalClipnorm: number | null;
  weightDecay: number | null;
};

/** What `updateStep` gets besides the gradient, the variable and its slots. */
export interface StepContext {
  /** This step's learning rate (a schedule's value at `iteration`). */
  readonly learningRate: number;
  /** Iterations before this step: 0 on the first, so Adam's t is `iteration + 1`. */
  readonly iteration: number;
  /** Multiplies the gradient inside the update (1 / loss scale when unscaling is fused), else 1. */
  readonly gradScale: number;
}

const CLIP_RULE = { ...POSITIVE, expected: "a positive number or null" };

function checkLearningRate(value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`\`learningRate\` must be a non-negative number or a LearningRateSchedule. Received: learningRate=${describeValue(value)}`);
  }
  return checkNumber(value, "learningRate", { ...NON_NEGATIVE, expected: "a non-negative number or a LearningRateSchedule" });
}

/** A schedule's rate at `step`, checked, since user schedules can return anything. */
function callSchedule(schedule: LearningRateSchedule, step: number): number {
  const rate = asUser(() => schedule.call(step));
  if (typeof rate !== "number" || !Number.isFinite(rate)) {
    throw new TypeError(`${schedule.constructor.name}.call(${step}) must return a finite number, but returned: ${describeValue(rate)}`);
  }
  return rate;
}

let nextUid = 0;

/**
 * Base class of optimizers. Subclasses implement `slotNames` and `updateStep`.
 *
 * ```ts
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
 * const tape = new tf.GradientTape();
 * const loss = tape.record(() => tf.sum(tf.square(w)));
 * opt.applyGradients(tape.gradient(loss, [w]), [w]); // or opt.applyGradients([[dw, w]])
 * opt.iterations; // 1
 * ```
 */
export abstract class Optimizer {
  readonly name: string;
  /** @internal Unique per optimizer; keys its once-per-optimizer warnings. */
  readonly uid = nextUid++;
  private lrValue: number | null = null;
  private lrSchedule: LearningRateSchedule | null = null;
  private currentLr = 0;
  private iterationCount = 0;
  private readonly clip: { readonly norm: number | null; readonly value: number | null; readonly globalNorm: number | null };
  private readonly decay: number | null;
  private readonly slotTable = new Map<Variable, Variable[]>();

  /**
   * Checks `options` (plus the subclass's `extraKeys`) and sets the shared state;
   * `defaults` holds the subclass's Keras default name and learning rate.
   */
  protected constructor(options: unknown, defaults: { name: string; learningRate: number }, extraKeys: readonly string[] = []) {
    const o = checkOptions(options, [...OPTIMIZER_KEYS, ...extraKeys], defaults.name);
    this.name = stringOption(o.name, defaults.name, "name");
    const lr = o.learningRate ?? defaults.learningRate;
    // Fields are set directly, not through the accessors, which a LossScaleOptimizer overrides.
    if (lr instanceof LearningRateSchedule) {
      this.lrSchedule = lr;
      this.currentLr = callSchedule(lr, 0);
    } else {
      this.lrValue = checkLearningRate(lr);
      this.currentLr = this.lrValue;
    }
    this.clip = {
      norm: optionalNumber(o.clipnorm, "clipnorm", CLIP_RULE),
      value: optionalNumber(o.clipvalue, "clipvalue", CLIP_RULE),
      globalNorm: optionalNumber(o.globalClipnorm, "globalClipnorm", CLIP_RULE),
    };
    const { norm, value, globalNorm } = this.clip;
    if ([norm, value, globalNorm].filter((c) => c !== null).length > 1) {
      throw new ValueError(
        `Only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: clipnorm=${norm}, clipvalue=${value}, globalClipnorm=${globalNorm}`,
      );
    }
    this.decay = optionalNumber(o.weightDecay, "weightDecay", NON_NEGATIVE);
  }

  /**
   * The current learning rate as a number: the value given, or with a schedule its
   * value at the start of the latest step (Keras's `_current_learning_rate`).
   * Setting a number replaces it; setting a schedule switches to it.
   */
  get learningRate(): number {
    return this.currentLr;
  }

  set learningRate(value: number | LearningRateSchedule) {
    if (value instanceof LearningRateSchedule) {
      this.currentLr = callSchedule(value, this.iterationCount);
      this.lrSchedule = value;
      this.lrValue = null;
      return;
    }
    if (this.lrSchedule !== null) {
      throw new TypeError(
        "This optimizer was created with a `LearningRateSchedule` object as its `learningRate` constructor argument, hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate the optimizer with a float `learningRate` argument.",
      );
    }
    this.lrValue = checkLearningRate(value);
    this.currentLr = this.lrValue;
  }

  /** Steps applied so far (Keras's `iterations`). Settable, e.g. to resume training. */
  get iterations(): number {
    return this.iterationCount;
  }

  set iterations(value: number) {
    this.iterationCount = checkNumber(value, "iterations", { min: 0, integer: true, expected: "a non-negative integer" });
  }

  get clipnorm(): number | null {
    return this.clip.norm;
  }

  get clipvalue(): number | null {
    return this.clip.value;
  }

  get globalClipnorm(): number | null {
    return this.clip.globalNorm;
  }

  get weightDecay(): number | null {
    return this.decay;
  }

  /** Slot names kept per variable, in the order `updateStep` receives them (Keras's names). */
  protected abstract slotNames(): readonly string[];

  /**
   * The slots grouped as Keras creates them: for each group in turn, its slots for each
   * variable (Adam's m and v per variable, then the vhats); by default one group per slot
   * (RMSprop's velocities, then its momentums).
   */
  protected slotGroups(): readonly (readonly string[])[] {
    return this.slotNames().map((s) => [s]);
  }

  /** @internal Whether the learning rate comes from a schedule (Keras keeps no learning-rate variable then). */
  get hasSchedule(): boolean {
    return this.lrSchedule !== null;
  }

  /**
   * @internal Keras's order of the slots of `variables` (its `optimizer.variables` after
   * iterations and the learning rate), as (variable, slot name) pairs.
   */
  kerasSlotOrder(variables: readonly Variable[]): [Variable, string][] {
    return this.slotGroups().flatMap((group) => variables.flatMap((v) => group.map((s): [Variable, string] => [v, s])));
  }

  /** @internal The slot variables in `kerasSlotOrder`, or null while any of them has no slots yet. */
  kerasSlots(variables: readonly Variable[]): Variable[] | null {
    const names = this.slotNames();
    const out: Variable[] = [];
    for (const [v, s] of this.kerasSlotOrder(variables)) {
      const slot = this.slotTable.get(v)?.[names.indexOf(s)];
      if (slot === undefined) return null;
      out.push(slot);
    }
    return out;
  }

  /** Updates `variable` in place from `grad` (any float dtype) and its float32 `slots`. */
  protected abstract updateStep(grad: Tensor, variable: Variable, slots: readonly Variable[], ctx: StepContext): void;

  /** True when `updateStep` applies `weightDecay` itself (fused into its kernel). */
  protected handlesWeightDecay(): boolean {
    return false;
  }

  /**
   * Applies one step: `applyGradients(grads, vars)` or `applyGradients([[g, v], ...])`.
   * Null gradients are skipped (an error if all are null); gradients may be float32,
   * float16 or bfloat16, variables must be float32. Every pair is checked before any
   * variable changes. Returns the new iteration count.
   * Example: `opt.applyGradients(grads, model.trainableWeights)`.
   */
  applyGradients(pairs: Iterable<GradientPair>): number;
  applyGradients(grads: Iterable<Tensor | null | undefined>, variables: Iterable<Variable>): number;
  applyGradients(first: unknown, second?: unknown): number {
    const pairs = toGradientPairs(first, second, `${this.constructor.name}.applyGradients`);
    this.applyValidatedPairs(filterEmptyGradients(pairs, `optimizer#${this.uid}`), 1);
    return this.iterations;
  }

  /**
   * @internal Runs a step on pairs already checked by `toGradientPairs`, each gradient
   * multiplied by `gradScale` inside the update (the LossScaleOptimizer's fused unscale).
   * An empty list is a no-op that does not count as a step, as in Keras.
   */
  applyValidatedPairs(pairs: readonly AppliedPair[], gradScale: number): void {
    if (this.lrSchedule !== null) this.currentLr = callSchedule(this.lrSchedule, this.iterationCount);
    if (pairs.length === 0) return;
    const variables = pairs.map((p) => p[1]);
    let grads = pairs.map((p) => p[0]);
    let scale = gradScale;
    if (this.clip.norm !== null || this.clip.value !== null || this.clip.globalNorm !== null) {
      // Clipping needs the true gradients, so the unscale cannot wait for the kernel.
      grads = this.clipGradients(grads.map((g) => toFloat32(g, scale)));
      scale = 1;
    }
    const slots = variables.map((v) => this.slotsFor(v));
    const learningRate = this.currentLr;
    if (this.decay !== null && this.decay !== 0 && !this.handlesWeightDecay()) {
      // Keras's `_apply_weight_decay`: w -= w · wd · lr, in float32, before the updates.
      for (const v of variables) v.assign(sub(v, mul(mul(v, this.decay), learningRate)));
    }
    const ctx: StepContext = { learningRate, iteration: this.iterationCount, gradScale: scale };
    variables.forEach((v, i) => {
      this.updateStep(grads[i]!, v, slots[i]!, ctx);
    });
    this.iterationCount += 1;
  }

  private clipGradients(grads: Tensor[]): Tensor[] {
    const { norm, value, globalNorm } = this.clip;
    if (norm !== null) return grads.map((g) => clipByNorm(g, norm));
    if (globalNorm !== null) return clipByGlobalNorm(grads, globalNorm);
    return grads.map((g) => clipByValue(g, value!));
  }

  private slotsFor(v: Variable): Variable[] {
    let slots = this.slotTable.get(v);
    if (slots === undefined) {
      slots = this.slotNames().map((slot) => newVariable(zeros(v.shape), { trainable: false, name: `${this.name}/${slot}/${v.name}` }));
      this.slotTable.set(v, slots);
    }
    return slots;
  }

  /**
   * Creates the slots of `variables` now rather than at their first step.
   * Example: `opt.build(model.trainableWeights)`.
   */
  build(variables: Iterable<Variable>): void {
    const list = Array.from(variables);
    toGradientPairs(
      list.map(() => null),
      list,
      `${this.constructor.name}.build`,
    );
    for (const v of list) this.slotsFor(v);
  }

  /** The slot `slotName` (e.g. "m") of `variable`, or null before its first step. Example: `opt.getSlot(w, "m")`. */
  getSlot(variable: Variable, slotName: string): Variable | null {
    const index = this.slotNames().indexOf(slotName);
    if (index < 0) {
      throw new ValueError(
        `${this.constructor.name} has no slot '${slotName}'; its slots are: ${this.slotNames()
          .map((s) => `'${s}'`)
          .join(", ")}`,
      );
    }
    return this.slotTable.get(variable)?.[index] ?? null;
  }

  /** The optimizer's state variables (its slots, per variable in first-seen order). */
  variables(): Variable[] {
    return [...this.slotTable.values()].flat();
  }

  /**
   * Gradients of `loss` (a function run on a new tape, or a tensor recorded on `tape`)
   * for `varList`, as `[gradient, variable]` pairs. Example: `opt.computeGradients(() => tf.sum(w), [w])`.
   */
  computeGradients(loss: Tensor | (() => Tensor), varList: readonly Variable[], tape?: GradientTape): [Tensor | null, Variable][] {
    if (typeof loss !== "function" && tape === undefined) {
      throw new ValueError(`\`tape\` is required when a \`Tensor\` loss is passed. Received: loss=${describeValue(loss)}, tape=undefined.`);
    }
    const t = tape ?? new GradientTape();
    let target = loss;
    if (typeof loss === "function") {
      t.watch([...varList]);
      const fn = loss;
      target = t.record(() => invoke(fn, undefined, []));
    }
    if (!(target instanceof Tensor)) {
      throw new TypeError(`The loss passed to ${this.constructor.name}.computeGradients must be (or return) a Tensor, but got: ${describeValue(target)}`);
    }
    const grads = t.gradient(target, varList);
    return grads.map((g, i) => [g, varList[i]!]);
  }

  /** `applyGradients(computeGradients(loss, varList, tape))`. Example: `opt.minimize(() => tf.sum(tf.square(w)), [w])`. */
  minimize(loss: Tensor | (() => Tensor), varList: readonly Variable[], tape?: GradientTape): number {
    return this.applyGradients(this.computeGradients(loss, varList, tape));
  }

  /** The constructor options that recreate this optimizer (without its state). */
  getConfig(): Record<string, unknown> {
    return this.baseConfig();
  }

  /** The base options' part of `getConfig()`, for subclasses to extend. */
  protected baseConfig(): OptimizerConfig {
    return {
      name: this.name,
      learningRate: this.lrSchedule !== null ? serializeSchedule(this.lrSchedule) : this.lrValue!,
      clipnorm: this.clip.norm,
      clipvalue: this.clip.value,
      globalClipnorm: this.clip.globalNorm,
      weightDecay: this.decay,
    };
  }

  /** A new optimizer from `getConfig()`'s output. Example: `SGD.fromConfig(opt.getConfig())`. */
  static fromConfig<T extends Optimizer>(this: new (options: never) => T, config: Record<string, unknown>): T {
    const options: Record<string, unknown> = { ...config };
    if (isSerializedSchedule(options.learningRate)) options.learningRate = deserializeSchedule(options.learningRate);
    return new this(options as never);
  }
}

libraryMethods(Optimizer, ["applyGradients", "computeGradients", "minimize", "build"]);
