/**
 * LossScaleOptimizer (tf.keras 2.x `mixed_precision.LossScaleOptimizer`): wraps an
 * optimizer and scales the loss so small float16 gradients do not underflow to zero.
 * With a dynamic scale (the default) every step whose gradients are all finite counts
 * towards doubling the scale; a step with an inf or NaN gradient is skipped and halves
 * it (never below 1). The loss scale state lives here; every optimizer attribute
 * (learning rate, iterations, slots, clipping) is the inner optimizer's.
 */
import { GradientTape } from "../../autodiff/gradient-tape.js";
import { variable, type Variable } from "../../autodiff/variable.js";
import { isFloating } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import { log } from "../../logging.js";
import { cast } from "../../ops/cast.js";
import { toTensor } from "../../ops/convert.js";
import { scalar, type TensorLike } from "../../ops/creation.js";
import { mul } from "../../ops/elementwise.js";
import { allFinite } from "../../ops/reduction.js";
import { Tensor } from "../../tensor/tensor.js";
import { filterEmptyGradients, toGradientPairs, type AppliedPair, type GradientPair } from "../optimizers/gradient-pairs.js";
import { Optimizer } from "../optimizers/optimizer.js";
import type { LearningRateSchedule } from "../optimizers/schedules/learning-rate-schedule.js";
import { deserialize, serialize, type OptimizerClass, type SerializedOptimizer } from "../optimizers/serialization.js";
import { lossScaleSettings, type LossScaleOptimizerOptions } from "./loss-scale-options.js";
import { scalingWarning } from "./loss-scale-warning.js";
import { invoke, libraryFunction, libraryMethods } from "../../tensor/ownership.js";
import { registerBuiltIn } from "../saving/object-registry.js";

export { DEFAULT_GROWTH_STEPS, DEFAULT_INITIAL_SCALE, type LossScaleOptimizerOptions } from "./loss-scale-options.js";

const f = Math.fround;

/** `getConfig()` of a LossScaleOptimizer: its name and Keras's four keys. */
export type LossScaleOptimizerConfig = {
  name: string;
  innerOptimizer: SerializedOptimizer;
  dynamic: boolean;
  initialScale: number;
  dynamicGrowthSteps: number | null;
};

// Keras refuses to wrap one optimizer twice: two wrappers would fight over its state.
const wrapped = new WeakSet<Optimizer>();

/**
 * An optimizer that applies loss scaling to prevent numeric underflow in float16
 * gradients. Defaults: dynamic, initial scale 2^15, doubling after 2000 finite steps.
 *
 * ```ts
 * const opt = new mixedPrecision.LossScaleOptimizer(new keras.optimizers.RMSprop());
 * const tape = new tf.GradientTape();
 * const scaledLoss = tape.record(() => opt.getScaledLoss(lossFn()));
 * const grads = opt.getUnscaledGradients(tape.gradient(scaledLoss, vars));
 * opt.applyGradients(grads, vars); // skipped, and the scale halved, if any gradient is inf/NaN
 * ```
 */
export class LossScaleOptimizer extends Optimizer {
  /** The wrapped optimizer, which does the updates. */
  readonly innerOptimizer: Optimizer;
  /** Whether the scale adjusts over time. */
  readonly dynamic: boolean;
  /** The scale at construction (the fixed scale when not dynamic). */
  readonly initialScale: number;
  /** Finite steps between doublings; null when not dynamic. */
  readonly dynamicGrowthSteps: number | null;
  // Keras 3 keeps both in variables (`dynamic_scale`, float32, and `step_counter`), so they
  // are optimizer state like the slots: listed by `variables()`, saved and loaded with them.
  private readonly scaleVariable: Variable;
  private readonly counterVariable: Variable;
  private skippedLast = false;
  private lossHasBeenScaled = false;
  private gradientsHaveBeenUnscaled = false;

  constructor(innerOptimizer: Optimizer, options: LossScaleOptimizerOptions = {}) {
    if (!(innerOptimizer instanceof Optimizer)) {
      throw new TypeError(`"innerOptimizer" must be an instance of \`keras.optimizers.Optimizer\`, but got: ${describeValue(innerOptimizer)}.`);
    }
    const settings = lossScaleSettings(options);
    if (innerOptimizer instanceof LossScaleOptimizer) {
      throw new TypeError(`LossScaleOptimizer cannot wrap another LossScaleOptimizer, but got: ${describeValue(innerOptimizer)}`);
    }
    if (wrapped.has(innerOptimizer)) {
      throw new ValueError('"innerOptimizer" is already wrapped by a LossScaleOptimizer. An optimizer can only be wrapped by a single LossScaleOptimizer');
    }
    // The base's own hyperparameters stay unused: every accessor delegates to the inner optimizer.
    super({ name: settings.name }, { name: "loss_scale_optimizer", learningRate: 0 });
    this.innerOptimizer = innerOptimizer;
    this.dynamic = settings.dynamic;
    this.initialScale = settings.initialScale;
    this.dynamicGrowthSteps = settings.dynamicGrowthSteps;
    // Numbers, not tensors: the variables' initial values are made and freed inside `variable`.
    this.scaleVariable = variable(f(settings.initialScale), { dtype: "float32", trainable: false, name: `${this.name}/dynamic_scale` });
    this.counterVariable = variable(0, { dtype: "int32", trainable: false, name: `${this.name}/step_counter` });
    wrapped.add(innerOptimizer);
  }

  private get scale(): number {
    return this.scaleVariable.dataSync()[0]!;
  }

  private set scale(value: number) {
    this.scaleVariable.assign(value);
  }

  private get counter(): number {
    return this.counterVariable.dataSync()[0]!;
  }

  private set counter(value: number) {
    this.counterVariable.assign(value);
  }

  /** The current loss scale (a float32 value). */
  get lossScale(): number {
    return this.scale;
  }

  /** Whether the last `applyGradients`/`applyScaledGradients` skipped its update (a non-finite gradient). */
  get lastStepSkipped(): boolean {
    return this.skippedLast;
  }

  /** Finite steps since the scale last changed; null when not dynamic. */
  get dynamicCounter(): number | null {
    return this.dynamic ? this.counter : null;
  }

  /**
   * @internal The state Keras keeps in its `step_counter` and `dynamic_scale` variables,
   * as saved in weight files; setting it restores a saved scale (a positive float32) and counter.
   */
  get scaleState(): { counter: number; scale: number } {
    return { counter: this.counter, scale: this.scale };
  }

  set scaleState(state: { counter: number; scale: number }) {
    const scale = f(state.scale);
    if (!(scale > 0) || !Number.isFinite(scale)) throw new ValueError(`A loss scale must be a positive finite number, but got: ${state.scale}`);
    if (!Number.isInteger(state.counter) || state.counter < 0)
      throw new ValueError(`A loss scale step counter must be a non-negative integer, but got: ${state.counter}`);
    this.scale = scale;
    this.counter = state.counter;
  }

  override get learningRate(): number {
    return this.innerOptimizer.learningRate;
  }

  override set learningRate(value: number | LearningRateSchedule) {
    this.innerOptimizer.learningRate = value;
  }

  override get iterations(): number {
    return this.innerOptimizer.iterations;
  }

  override set iterations(value: number) {
    this.innerOptimizer.iterations = value;
  }

  override get clipnorm(): number | null {
    return this.innerOptimizer.clipnorm;
  }

  override get clipvalue(): number | null {
    return this.innerOptimizer.clipvalue;
  }

  override get globalClipnorm(): number | null {
    return this.innerOptimizer.globalClipnorm;
  }

  override get weightDecay(): number | null {
    return this.innerOptimizer.weightDecay;
  }

  /**
   * `loss` times the loss scale, in the loss's dtype (the scale is cast to it, as in
   * Keras). Given a function, returns a function that scales what it returns.
   * Example: `tape.record(() => opt.getScaledLoss(loss(model.apply(x))))`.
   */
  getScaledLoss(loss: TensorLike): Tensor;
  getScaledLoss(loss: () => Tensor): () => Tensor;
  getScaledLoss(loss: TensorLike | (() => Tensor)): Tensor | (() => Tensor) {
    this.lossHasBeenScaled = true;
    // The loss function is user code; the scaling around it is the library's.
    if (typeof loss === "function") return libraryFunction(() => this.scaleLoss(invoke(loss, undefined, [])));
    return this.scaleLoss(loss);
  }

  private scaleLoss(loss: TensorLike): Tensor {
    const t = toTensor(loss, "loss", "getScaledLoss");
    if (!isFloating(t.dtype)) {
      throw new TypeError(`LossScaleOptimizer.getScaledLoss: the loss must be a floating-point tensor, but got a ${t.dtype} tensor`);
    }
    return mul(t, cast(scalar(this.scale, "float32"), t.dtype));
  }

  /**
   * Each gradient times 1/lossScale, in its own dtype (Keras's `_multiply_gradient`:
   * the float32 reciprocal cast to the gradient's dtype); nulls stay null.
   * Example: `opt.getUnscaledGradients(tape.gradient(scaledLoss, vars))`.
   */
  getUnscaledGradients(grads: Iterable<Tensor | null | undefined>): (Tensor | null)[] {
    const reciprocal = scalar(f(1 / this.scale), "float32");
    const out = Array.from(grads, (g, i) => {
      if (g === null || g === undefined) return null;
      if (!(g instanceof Tensor) || !isFloating(g.dtype)) {
        throw new TypeError(`LossScaleOptimizer.getUnscaledGradients: gradient ${i} must be a floating-point Tensor or null, but got: ${describeValue(g)}`);
      }
      return mul(g, cast(reciprocal, g.dtype));
    });
    this.gradientsHaveBeenUnscaled = true;
    return out;
  }

  /**
   * Applies unscaled gradients (from `getUnscaledGradients`) through the inner
   * optimizer if they are all finite; otherwise skips the step. A dynamic scale
   * doubles after `dynamicGrowthSteps` finite steps and halves (not below 1) on a
   * non-finite one. A fixed scale applies every step, as in Keras.
   * Example: `opt.applyGradients(grads, vars)` or `opt.applyGradients([[g, v]])`.
   */
  override applyGradients(pairs: Iterable<GradientPair>): number;
  override applyGradients(grads: Iterable<Tensor | null | undefined>, variables: Iterable<Variable>): number;
  override applyGradients(first: unknown, second?: unknown): number {
    const pairs = toGradientPairs(first, second, "LossScaleOptimizer.applyGradients");
    this.warnIfNotScaled(this.gradientsHaveBeenUnscaled, "applyGradients");
    this.applyValidatedPairs(filterEmptyGradients(pairs, `optimizer#${this.uid}`), 1);
    return this.iterations;
  }

  /**
   * For trainers: applies gradients that are still multiplied by the loss scale (those
   * of `getScaledLoss`'s output), unscaling them inside the fused update kernels
   * (`gradScale = 1/lossScale`) instead of in separate ops. The all-finite check, the
   * loss scale update and the skip are those of `applyGradients`. Unscaling in float32
   * inside the kernel also keeps float16 gradients that 1/scale would flush to zero.
   * Example: `opt.applyScaledGradients(tape.gradient(scaledLoss, vars), vars)`.
   */
  applyScaledGradients(pairs: Iterable<GradientPair>): number;
  applyScaledGradients(scaledGrads: Iterable<Tensor | null | undefined>, variables: Iterable<Variable>): number;
  applyScaledGradients(first: unknown, second?: unknown): number {
    const pairs = toGradientPairs(first, second, "LossScaleOptimizer.applyScaledGradients");
    this.warnIfNotScaled(true, "applyScaledGradients");
    // The gradients were scaled by the current scale, so its reciprocal is taken before any update.
    this.applyValidatedPairs(filterEmptyGradients(pairs, `optimizer#${this.uid}`), f(1 / this.scale));
    return this.iterations;
  }

  /** @internal The loss-scale step on checked pairs; `gradScale` multiplies the gradients in the inner update. */
  override applyValidatedPairs(pairs: readonly AppliedPair[], gradScale: number): void {
    // One step is one transaction: the scale and counter move only after the inner step
    // has succeeded (it throws before changing anything, e.g. on a schedule's NaN).
    const finite = !this.dynamic || pairs.every(([g]) => allFinite(g).dataSync()[0] === 1);
    if (finite) this.innerOptimizer.applyValidatedPairs(pairs, gradScale);
    // Keras counts a skipped step: the inner optimizer's iterations still advance.
    else this.innerOptimizer.iterations += 1;
    if (this.dynamic) this.updateLossScale(finite);
    this.skippedLast = !finite;
  }

  /** Keras's `_DynamicLossScaleState.update`, in float32. */
  private updateLossScale(finite: boolean): void {
    if (!finite) {
      this.scale = f(Math.max(f(this.scale / 2), 1));
      this.counter = 0;
    } else if (this.counter + 1 >= this.dynamicGrowthSteps!) {
      const grown = f(this.scale * 2);
      if (Number.isFinite(grown)) this.scale = grown; // the float32 scale never becomes inf
      this.counter = 0;
    } else {
      this.counter += 1;
    }
  }

  private warnIfNotScaled(gradientsUnscaled: boolean, method: string): void {
    const message = scalingWarning(this.lossHasBeenScaled, gradientsUnscaled, method);
    if (message !== null) log("warn", message, `LossScaleOptimizer#${this.uid}:${method}:${this.lossHasBeenScaled}:${gradientsUnscaled}`);
  }

  /** Gradients of the scaled loss, unscaled (Keras's `compute_gradients`); `minimize` uses it. */
  override computeGradients(loss: Tensor | (() => Tensor), varList: readonly Variable[], tape?: GradientTape): [Tensor | null, Variable][] {
    if (typeof loss !== "function" && tape === undefined) {
      throw new ValueError(`\`tape\` is required when a \`Tensor\` loss is passed. Received: loss=${describeValue(loss)}, tape=undefined.`);
    }
    const t = tape ?? new GradientTape();
    let scaled: Tensor | (() => Tensor);
    if (typeof loss === "function") {
      scaled = this.getScaledLoss(loss);
    } else {
      const value = loss;
      scaled = t.record(() => this.getScaledLoss(value));
    }
    const pairs = this.innerOptimizer.computeGradients(scaled, varList, t);
    const unscaled = this.getUnscaledGradients(pairs.map((p) => p[0]));
    return pairs.map((p, i) => [unscaled[i]!, p[1]]);
  }

  /** The step counter and the scale, then the inner optimizer's variables. */
  override variables(): Variable[] {
    return [this.counterVariable, this.scaleVariable, ...this.innerOptimizer.variables()];
  }

  override getSlot(variable: Variable, slotName: string): Variable | null {
    return this.innerOptimizer.getSlot(variable, slotName);
  }

  override build(variables: Iterable<Variable>): void {
    this.innerOptimizer.build(variables);
  }

  /** Never used: every step runs in the inner optimizer. */
  protected slotNames(): readonly string[] {
    return [];
  }

  protected updateStep(): void {
    throw new Error("Internal error: a LossScaleOptimizer's updates run in its inner optimizer");
  }

  override getConfig(): LossScaleOptimizerConfig {
    return {
      name: this.name,
      innerOptimizer: serialize(this.innerOptimizer),
      dynamic: this.dynamic,
      initialScale: this.initialScale,
      dynamicGrowthSteps: this.dynamicGrowthSteps,
    };
  }

  /**
   * A new LossScaleOptimizer (and inner optimizer) from `getConfig()`'s output;
   * `customObjects` names non-built-in inner optimizer classes.
   * Example: `LossScaleOptimizer.fromConfig(opt.getConfig())`.
   */
  static override fromConfig<T extends Optimizer>(
    this: new (
      options: never,
    ) => T,
    config: Record<string, unknown>,
    customObjects: Record<string, OptimizerClass> = {},
  ): T {
    if (config === null || typeof config !== "object")
      throw new TypeError(`LossScaleOptimizer.fromConfig expects an object, but got: ${describeValue(config)}`);
    // Keras before 3.0 also wrote the unused base options (learning rate, clipping, ...): they are ignored, as Keras 3 does.
    const { innerOptimizer, name, dynamic, initialScale, dynamicGrowthSteps } = config as Partial<LossScaleOptimizerConfig>;
    const inner = deserialize(innerOptimizer as SerializedOptimizer, customObjects);
    return new LossScaleOptimizer(inner, { name, dynamic, initialScale, dynamicGrowthSteps } as LossScaleOptimizerOptions) as unknown as T;
  }
}

libraryMethods(LossScaleOptimizer, ["getScaledLoss", "getUnscaledGradients", "applyGradients", "applyScaledGradients", "computeGradients"]);

registerBuiltIn("optimizer", "LossScaleOptimizer", LossScaleOptimizer, { aliases: ["lossscaleoptimizer"] });
