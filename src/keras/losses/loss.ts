/**
 * The `Loss` base class and `LossFunctionWrapper`. `call` gives per-example losses;
 * `apply` is Keras's `__call__`: `call`, then sample weights and the reduction. The
 * result is built from ops, so a GradientTape recording around `apply` can
 * differentiate it with respect to the predictions.
 */
import { describeValue } from "../../errors.js";
import type { TensorLike } from "../../ops/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { asTensor, computeWeightedLoss, squeezeOrExpand, validateReduction, type Reduction } from "./losses-utils.js";
import { invoke, libraryMethods } from "../../tensor/ownership.js";
import { checkOptions, stringOption } from "../../options.js";
import { toSnakeCase } from "../engine/naming.js";
import { deserialize, registerBuiltIn, serialize } from "../saving/object-registry.js";

/** Options every loss takes. */
export interface LossOptions {
  /** Default "sum_over_batch_size" (Keras's "auto" is accepted and means the same). */
  reduction?: Reduction;
  /** Default: the loss's Keras name, e.g. "sparse_categorical_crossentropy". */
  name?: string;
}

/** What `getConfig()` returns: the name, the reduction and the loss's own options. */
export interface LossConfig {
  name: string;
  reduction: Reduction;
  [option: string]: unknown;
}

/** A loss function `(yTrue, yPred) => per-example losses`. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Base class of losses. Subclass it and implement `call` for a custom loss.
 *
 * ```ts
 * class MyMse extends keras.losses.Loss {
 *   call(yTrue: TensorLike, yPred: TensorLike) { return tf.mean(tf.square(tf.sub(yPred, yTrue)), -1); }
 * }
 * new MyMse().apply([[1, 2]], [[1, 4]]).dataSync(); // Float32Array [2]
 * ```
 */
export abstract class Loss {
  readonly name: string;
  readonly reduction: Reduction;

  constructor(options: LossOptions = {}) {
    const owner = new.target.name || "Loss";
    const o = checkOptions(options, ["reduction", "name"], owner);
    this.reduction = validateReduction(o.reduction ?? "sum_over_batch_size");
    this.name = stringOption(o.name, toSnakeCase(owner), "name", owner);
  }

  /** Per-example losses (reduced over the last axis where Keras does), float32. */
  abstract call(yTrue: TensorLike, yPred: TensorLike): Tensor;

  /**
   * The weighted, reduced loss: a float32 scalar (per-example losses with "none").
   * `sampleWeight` is a number or a tensor of the per-example losses' shape, or one
   * rank more or less (Keras's rules). Example: `lossObject.apply(yTrue, yPred, [1, 0.5])`.
   */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
    const losses = invoke(this.call, this, [yTrue, yPred]);
    if (!(losses instanceof Tensor)) {
      throw new TypeError(`${this.constructor.name}.call must return a Tensor, but returned: ${describeValue(losses)}`);
    }
    return computeWeightedLoss(losses, sampleWeight, this.reduction, `loss '${this.name}'`);
  }

  /** The constructor options that rebuild this loss. */
  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }

  /** A new loss from `getConfig()`'s output. Example: `losses.Huber.fromConfig(huber.getConfig())`. */
  static fromConfig<T extends Loss>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/**
 * A loss from a function of `(yTrue, yPred)`, as Keras's `LossFunctionWrapper`: labels
 * and predictions become tensors and get Keras's rank fix-up (a trailing axis of 1 is
 * squeezed when the ranks differ by one) before the function sees them.
 * Example: `new LossFunctionWrapper((t, p) => tf.mean(tf.abs(tf.sub(p, t)), -1), { name: "mae" })`.
 */
export class LossFunctionWrapper extends Loss {
  readonly fn: LossFunction;

  constructor(fn: LossFunction, options: LossOptions = {}) {
    if (typeof fn !== "function") {
      throw new TypeError(`Argument 'fn' of LossFunctionWrapper must be a function (yTrue, yPred) => Tensor, but got: ${describeValue(fn)}`);
    }
    const o = checkOptions(options, ["reduction", "name"], "LossFunctionWrapper");
    // Keras names a wrapped function's loss after the function.
    super({ ...o, name: o.name ?? (fn.name || undefined) });
    this.fn = fn;
  }

  override call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    const owner = `loss '${this.name}'`;
    const [p, t] = squeezeOrExpand(asTensor(yPred, "yPred", owner), asTensor(yTrue, "yTrue", owner));
    const losses = invoke(this.fn, undefined, [t, p]);
    if (!(losses instanceof Tensor)) {
      throw new TypeError(`The function of ${owner} must return a Tensor, but returned: ${describeValue(losses)}`);
    }
    return losses;
  }

  /** A wrapper's config holds its function (built in or registered); a subclass's options say it. */
  override getConfig(): LossConfig {
    const config = super.getConfig();
    return this.constructor === LossFunctionWrapper ? { ...config, fn: serialize(this.fn) } : config;
  }

  /** Example: `LossFunctionWrapper.fromConfig(wrapper.getConfig())`. */
  static override fromConfig<T extends Loss>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    // Only a LossFunctionWrapper's own config has `fn`; its subclasses' options are all in theirs.
    const { fn, ...options } = config;
    if (fn === undefined) return new this(options as never);
    return new this(deserialize("loss", fn) as never, options as never);
  }
}

libraryMethods(Loss, ["apply"]);
libraryMethods(LossFunctionWrapper, ["call"]);
registerBuiltIn("loss", "LossFunctionWrapper", LossFunctionWrapper);
