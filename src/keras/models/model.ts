/**
 * Model: a functional model over keras.Input tensors (`new keras.Model({ inputs,
 * outputs })`). It is itself a Layer: apply it to tensors (eager) or to KerasTensors
 * (nested in a bigger model). Training methods are added in ../training/.
 */
import type { Variable } from "../../autodiff/variable.js";
import { describeValue, formatShape, ValueError } from "../../errors.js";
import { cast } from "../../ops/cast.js";
import { toTensor } from "../../ops/convert.js";
import type { TensorLike } from "../../ops/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { disposeIfCurrent, libraryScope } from "../../tensor/ownership.js";
import { InputLayer } from "../engine/input.js";
import { formatSymbolicShape, KerasTensor } from "../engine/keras-tensor.js";
import { Layer, type CallArgs, type LayerOptions } from "../engine/layer.js";
import { uniqueName } from "../engine/naming.js";
import { buildGraph, type Graph } from "./graph.js";
import { formatSummary } from "./summary.js";
import type { History } from "../callbacks/history.js";
import { resolveCompile, type CompileArgs, type Compiled } from "../training/compile.js";
import * as loops from "../training/loops.js";
import { loadWeightsFile, saveWeightsFile } from "../saving/weights-file.js";
import { modelFileConfig, saveModelFile } from "../saving/model-file.js";
import { kerasClassNameOf, registerBuiltIn } from "../saving/object-registry.js";
import { functionalConfig, functionalFromConfig } from "./functional-config.js";
import { libraryMethods } from "../../tensor/ownership.js";

export interface ModelOptions {
  inputs: KerasTensor | readonly KerasTensor[];
  outputs: KerasTensor | readonly KerasTensor[];
  name?: string;
  trainable?: boolean;
  /** The model's own policy (default: the global policy); `compile` wraps the optimizer for loss scaling under `mixed_float16`. */
  dtype?: LayerOptions["dtype"];
}

const isDataset = (x: unknown): boolean =>
  typeof x === "object" && x !== null && !(x instanceof Tensor) && !Array.isArray(x) && !ArrayBuffer.isView(x) && Symbol.iterator in x;

const asList = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...(v as readonly T[])] : [v as T]);

export class Model extends Layer {
  private graph: Graph | null = null;
  private modelInputs: KerasTensor[] = [];
  private modelOutputs: KerasTensor[] = [];
  private singleInput = true;
  private singleOutput = true;
  private compileArgs: CompileArgs | null = null;
  private compiled: Compiled | null = null;
  /** Set by a callback to end `fit` after the current batch. */
  stopTraining = false;

  /** Example: `new keras.Model({ inputs, outputs, name: "mnist" })`. */
  constructor(options: ModelOptions | { name?: string; trainable?: boolean; dtype?: LayerOptions["dtype"] } = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError(`Model expects an options object, but got: ${describeValue(options)}`);
    const { inputs, outputs, name, trainable, dtype } = options as Partial<ModelOptions>;
    super({ name: name ?? uniqueName("model", 0), trainable, dtype, autocast: false });
    if ((inputs === undefined) !== (outputs === undefined))
      throw new ValueError("Model needs both `inputs` and `outputs`, or neither (for a Sequential model)");
    if (inputs !== undefined && outputs !== undefined) this.setGraph(asList(inputs), asList(outputs), !Array.isArray(outputs), !Array.isArray(inputs));
  }

  /** @internal Defines (or redefines, for Sequential.add) the graph. */
  protected setGraph(inputs: KerasTensor[], outputs: KerasTensor[], singleOutput: boolean, singleInput = true): void {
    for (const [what, list] of [
      ["inputs", inputs],
      ["outputs", outputs],
    ] as const) {
      if (list.length === 0 || !list.every((t) => t instanceof KerasTensor)) {
        throw new TypeError(`Model ${what} must be KerasTensors (from keras.Input and layer calls), but got: ${describeValue(list)}`);
      }
    }
    this.graph = buildGraph(inputs, outputs);
    this.modelInputs = inputs;
    this.modelOutputs = outputs;
    this.singleOutput = singleOutput;
    this.singleInput = singleInput;
  }

  /** @internal Forgets the graph (a Sequential model whose last layer was popped). */
  protected clearGraph(): void {
    this.graph = null;
    this.modelInputs = [];
    this.modelOutputs = [];
  }

  /** Whether the graph is known (a Sequential model learns it from its first input). */
  protected get hasGraph(): boolean {
    return this.graph !== null;
  }

  protected requireGraph(): Graph {
    if (!this.graph) {
      throw new ValueError("This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.");
    }
    return this.graph;
  }

  /** The layers, each once, InputLayers first. */
  get layers(): Layer[] {
    return this.graph ? [...this.graph.layers] : [];
  }

  get inputs(): KerasTensor[] {
    return [...this.modelInputs];
  }

  get outputs(): KerasTensor[] {
    return [...this.modelOutputs];
  }

  override get built(): boolean {
    return this.graph !== null;
  }

  private collect(pick: (l: Layer) => Variable[]): Variable[] {
    const out: Variable[] = [];
    for (const l of this.layers) for (const w of pick(l)) if (!out.includes(w)) out.push(w);
    return out;
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.collect((l) => l.trainableWeights) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.collect((l) => l.nonTrainableWeights) : this.collect((l) => l.weights);
  }

  override get weights(): Variable[] {
    return this.collect((l) => l.weights);
  }

  override countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of every weight's value, in `weights` order. Example: `const initial = model.getWeights()`. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => Tensor.fromStorage(w.view().data.slice(), w.shape, w.dtype));
  }

  /**
   * Sets every weight from `values` (in `weights` order), checking all shapes before
   * changing any. Example: `model.setWeights(initialWeights)`.
   */
  setWeights(values: readonly TensorLike[]): void {
    const weights = this.weights;
    if (!Array.isArray(values) || values.length !== weights.length) {
      throw new ValueError(
        `You called \`setWeights(weights)\` on layer "${this.name}" with a weight list of length ${Array.isArray(values) ? values.length : describeValue(values)}, but the layer was expecting ${weights.length} weights.`,
      );
    }
    const tensors = values.map((v, i) => cast(toTensor(v, `weights[${i}]`, "setWeights"), weights[i]!.dtype));
    tensors.forEach((t, i) => {
      const w = weights[i]!;
      if (t.shape.join() !== w.shape.join()) {
        throw new ValueError(`Layer weight shape ${formatShape(w.shape)} not compatible with provided weight shape ${formatShape(t.shape)}`);
      }
    });
    tensors.forEach((t, i) => {
      weights[i]!.assign(t);
    });
  }

  /**
   * Saves the weights in the format the name says: `.weights.h5` is Keras 3's (with the
   * optimizer's state; Keras's `model.load_weights` reads it), `.npz` a NumPy archive of
   * the weights in `model.weights` order. Example: `await model.saveWeights("mnist.weights.h5")`.
   */
  async saveWeights(filepath: string): Promise<void> {
    await saveWeightsFile(this, filepath);
  }

  /**
   * Loads weights saved by `saveWeights` or by Keras's `save_weights` into this
   * architecture, with the optimizer's state from a `.weights.h5`; every shape is checked
   * before anything is set. Example: `await model.loadWeights("mnist.weights.h5")`.
   */
  async loadWeights(filepath: string): Promise<void> {
    await loadWeightsFile(this, filepath, (values) => this.setWeights(values));
  }

  /** The layer named `name` (or at `index`). Example: `model.getLayer("dense_1")`. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === "number") {
      const l = layers[nameOrIndex];
      if (!l) throw new ValueError(`Was asked to retrieve layer at index ${nameOrIndex} but model only has ${layers.length} layers.`);
      return l;
    }
    const l = layers.find((x) => x.name === nameOrIndex);
    if (!l) throw new ValueError(`No such layer: ${nameOrIndex}. Existing layers are: [${layers.map((x) => `'${x.name}'`).join(", ")}].`);
    return l;
  }

  /** Prints a table of the layers, their output shapes, parameter counts and dtype policies. */
  summary(printFn: (line: string) => void = console.log): void {
    this.requireGraph();
    for (const line of formatSummary(this)) printFn(line);
  }

  /**
   * Runs the model. On tensors it computes (inputs are cast to each Input's dtype, as
   * Keras does); on a KerasTensor it returns the symbolic output for nesting.
   * Example: `model.apply(x, { training: true })`.
   */
  override apply(inputs: KerasTensor, args?: CallArgs): KerasTensor;
  override apply(inputs: TensorLike | readonly TensorLike[], args?: CallArgs): Tensor;
  override apply(inputs: KerasTensor | TensorLike | readonly TensorLike[], args: CallArgs = {}): KerasTensor | Tensor | Tensor[] {
    if (inputs instanceof KerasTensor) return this.applySymbolic(inputs);
    // An array of tensors is one tensor per model input; any other value is one input.
    const list = Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof Tensor) ? (inputs as Tensor[]) : [inputs as TensorLike];
    // The activations passed between layers are the library's: only the outputs leave.
    return libraryScope(() => {
      const outs = this.run(
        list.map((x, i) => toTensor(x, `inputs[${i}]`, this.name)),
        args,
      );
      return this.singleOutput ? outs[0]! : outs;
    });
  }

  /** @internal Eager execution of the graph; returns every output. */
  protected run(xs: Tensor[], args: CallArgs): Tensor[] {
    const graph = this.requireGraph();
    if (xs.length !== this.modelInputs.length) {
      throw new ValueError(`Layer "${this.name}" expects ${this.modelInputs.length} input(s), but it received ${xs.length} input tensors.`);
    }
    // Each activation is disposed as soon as its last consumer has run (a tape keeps its
    // own view of what the backward pass needs), so the forward pass holds about two at
    // a time. Uses are counted per tensor, since a layer may return its input as is.
    const consumers = new Map<KerasTensor, number>();
    for (const node of graph.nodes) if (node.input) consumers.set(node.input, (consumers.get(node.input) ?? 0) + 1);
    for (const t of this.modelOutputs) consumers.set(t, Infinity);
    const usesLeft = new Map<Tensor, number>();
    const values = new Map<KerasTensor, Tensor>();
    const define = (spec: KerasTensor, t: Tensor): void => {
      values.set(spec, t);
      usesLeft.set(t, (usesLeft.get(t) ?? 0) + (consumers.get(spec) ?? 0));
    };
    this.modelInputs.forEach((spec, i) => {
      const x = xs[i]!;
      const ok = x.rank === spec.rank && spec.shape.every((d, j) => d === null || d === x.shape[j]);
      if (!ok) {
        throw new ValueError(
          `Input ${i} of layer "${this.name}" is incompatible with the layer: expected shape=${formatSymbolicShape(spec.shape)}, found shape=${formatShape(x.shape)}`,
        );
      }
      define(spec, x.dtype === spec.dtype ? x : cast(x, spec.dtype));
    });
    for (const node of graph.nodes) {
      if (!node.input) continue;
      const x = values.get(node.input)!;
      define(node.output, node.layer.apply(x, args));
      const left = usesLeft.get(x)! - 1;
      usesLeft.set(x, left);
      if (left === 0) disposeIfCurrent(x);
    }
    return this.modelOutputs.map((t) => values.get(t)!);
  }

  private applySymbolic(input: KerasTensor): KerasTensor {
    this.requireGraph();
    if (this.modelInputs.length !== 1 || this.modelOutputs.length !== 1) {
      throw new ValueError(
        `Model "${this.name}" has ${this.modelInputs.length} inputs and ${this.modelOutputs.length} outputs; only single-input, single-output models can be nested`,
      );
    }
    const out = this.modelOutputs[0]!;
    return new KerasTensor([input.shape[0] ?? null, ...out.shape.slice(1)], out.dtype, this.name, { layer: this, inputs: [input] });
  }

  call(inputs: Tensor, args: CallArgs): Tensor {
    return this.run([inputs], args)[0]!;
  }

  /**
   * Configures training. Under a `mixed_float16` policy the optimizer is wrapped in a
   * LossScaleOptimizer. Example:
   * `model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.RMSprop(), metrics: ["accuracy"] })`.
   */
  compile(args: CompileArgs): void {
    this.requireGraph();
    this.compiled = resolveCompile(this, args);
    this.compileArgs = args;
  }

  /** @internal The resolved compile state, or null before compile. */
  get compiledState(): Compiled | null {
    return this.compiled;
  }

  /** @internal What `compile` was given (Keras's `compile_config` is made from it), or null before compile. */
  get compileArguments(): CompileArgs | null {
    return this.compileArgs;
  }

  private requireCompiled(): Compiled {
    if (!this.compiled) throw new ValueError("You must call `compile()` before using the model.");
    return this.compiled;
  }

  /** The compiled optimizer (a LossScaleOptimizer under mixed_float16), or null before compile. */
  get optimizer(): Compiled["optimizer"] | null {
    return this.compiled?.optimizer ?? null;
  }

  /**
   * Trains for `epochs` epochs; resolves to the History of per-epoch logs.
   * Example: `await model.fit(xTrain, yTrain, { batchSize: 8192, epochs: 5, validationSplit: 0.2 })`.
   */
  fit(x: loops.DataArg, y?: TensorLike | readonly TensorLike[], options?: loops.FitOptions): Promise<History> {
    if (!this.hasGraph && !isDataset(x)) this.build(toTensor(Array.isArray(x) && x[0] instanceof Tensor ? x[0] : (x as TensorLike), "x", this.name).shape);
    return loops.fit(this, this.requireCompiled(), x, y, options);
  }

  /** `[loss, ...metrics]` over the data. Example: `const [loss, acc] = await model.evaluate(xTest, yTest, { verbose: 2 })`. */
  evaluate(x: loops.DataArg, y?: TensorLike | readonly TensorLike[], options?: loops.EvaluateOptions): Promise<number[]> {
    return loops.evaluate(this, this.requireCompiled(), x, y, options);
  }

  /** Outputs for the data, batch by batch. Example: `const probs = await model.predict(xTest)`. */
  predict(x: loops.DataArg, options?: loops.PredictOptions): Promise<Tensor | Tensor[]> {
    return loops.predict(this, x, options);
  }

  /** One optimizer step on one batch; returns `[loss, ...metrics]` for it. */
  trainOnBatch(x: TensorLike | readonly TensorLike[], y: TensorLike | readonly TensorLike[], sampleWeight?: TensorLike): number[] {
    return loops.trainOnBatch(this, this.requireCompiled(), x, y, sampleWeight);
  }

  /** `[loss, ...metrics]` on one batch, without training. */
  testOnBatch(x: TensorLike | readonly TensorLike[], y: TensorLike | readonly TensorLike[], sampleWeight?: TensorLike): number[] {
    return loops.testOnBatch(this, this.requireCompiled(), x, y, sampleWeight);
  }

  /**
   * The config that recreates the architecture (Keras's Functional config: the layers
   * with the calls between them, and the input and output references).
   * Example: `keras.models.modelFromConfig(keras.saving.serialize(model))`.
   */
  override getConfig(): Record<string, unknown> {
    const graph = this.requireGraph();
    const { singleInput, singleOutput } = this;
    return functionalConfig(
      {
        name: this.name,
        trainable: this.trainable,
        layers: this.layers,
        nodes: graph.nodes,
        inputs: this.modelInputs,
        outputs: this.modelOutputs,
        singleInput,
        singleOutput,
      },
      isFunctional,
    );
  }

  /** A functional model from `getConfig()`'s output: its layers are created and called again. Example: `keras.Model.fromConfig(model.getConfig())`. */
  static override fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    return new this(functionalFromConfig(config, isFunctional) as never);
  }

  /** @internal Keras's build config of a model: a functional model's input shapes are in its config. */
  override getBuildConfig(): { inputShape: (number | null)[] } | null {
    return null;
  }

  /**
   * The model as Keras's JSON (`model.to_json()`): the architecture and, once compiled,
   * the compile arguments, in the snake_case form of a `.keras` file's `config.json`.
   * Example: `keras.models.modelFromJson(model.toJSON())`.
   */
  toJSON(): string {
    return JSON.stringify(modelFileConfig(this));
  }

  /**
   * Saves the whole model as a Keras 3 `.keras` archive: architecture, weights, and the
   * compiled optimizer with its state, so `keras.models.loadModel` (or Keras's
   * `load_model`) continues training where it stopped. Example: `await model.save("mnist.keras")`.
   */
  async save(filepath: string): Promise<void> {
    await saveModelFile(this, filepath);
  }
}

/** Whether Keras counts a layer's nodes from 1 (a functional model's node 0 is its own graph). */
const isFunctional = (layer: Layer): boolean => layer instanceof Model && kerasClassNameOf(layer.constructor as typeof Model) === "Functional";

registerBuiltIn("layer", "Functional", Model, { module: "keras.src.models.functional", aliases: ["Model"] });

export { InputLayer };

libraryMethods(Model, ["setWeights"]);
