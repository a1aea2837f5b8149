/**
 * Keras 3's `.weights.h5` layout, as `model.save_weights` writes it and `load_weights`
 * reads it:
 *   /layers/<key>/vars/<i>  a layer's own variables; <key> is the snake_case Keras class
 *                           name made unique in layer order ("dense", "dense_1", ...);
 *                           a nested model's layers sit under its own .../layers/
 *   /vars                   the model's own variables (none here)
 *   /optimizer/vars/<i>     iterations (int64), the learning rate (float32; absent with a
 *                           schedule), then the slots in Keras's order. A LossScaleOptimizer
 *                           writes its own iterations and learning rate (unused: 0), its
 *                           step counter and scale, then the inner optimizer's list, which
 *                           is repeated under /optimizer/inner_optimizer/vars.
 * Every `vars` group has a `name` attribute: the layer's, model's or optimizer's name.
 */
import type { Variable } from "../../autodiff/variable.js";
import type { DType } from "../../dtype/index.js";
import { formatShape, ValueError } from "../../errors.js";
import { type H5Dataset, type H5Group, h5Dataset, h5Find, h5Group } from "../../io/hdf5.js";
import { log } from "../../logging.js";
import { cast } from "../../ops/cast.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Layer } from "../engine/layer.js";
import { LossScaleOptimizer } from "../mixed-precision/loss-scale-optimizer.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { kerasClassNameOf } from "./object-registry.js";

/** What the layout needs of a model. */
export interface WeightsModel extends Layer {
  readonly layers: readonly Layer[];
  readonly trainableWeights: Variable[];
  readonly optimizer: Optimizer | null;
}

/** Keras's `naming.to_snake_case` exactly (its keys must match: "Conv2D" is "conv2d", "InputLayer" "input_layer"). */
function kerasSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

function sublayers(layer: Layer): readonly Layer[] | null {
  const l = (layer as Partial<WeightsModel>).layers;
  return Array.isArray(l) ? l : null;
}

/** Calls `visit` with each layer's `vars` path, the model first, then its layers in order (nested models depth first). */
function walk(layer: Layer, prefix: readonly string[], visit: (path: readonly string[], layer: Layer) => void): void {
  visit([...prefix, "vars"], layer);
  const subs = sublayers(layer);
  if (!subs) return;
  const used = new Map<string, number>();
  for (const sub of subs) {
    // Keyed by the Keras class (Model is "Functional"; a user's subclass of Model its own name, as in Keras).
    const base = kerasSnakeCase(kerasClassNameOf(sub.constructor as new () => Layer));
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    walk(sub, [...prefix, "layers", n === 0 ? base : `${base}_${n}`], visit);
  }
}

/** One variable's values as a dataset: 16-bit floats are widened to float32 (exact; h5wasm writes no 16-bit floats). */
function variableDataset(v: Tensor): H5Dataset {
  switch (v.dtype) {
    case "float32":
    case "float16":
    case "bfloat16":
      return h5Dataset("float32", v.shape, v.dataSync<"float32">());
    case "float64":
      return h5Dataset("float64", v.shape, v.dataSync<"float64">());
    case "int32":
      return h5Dataset("int32", v.shape, v.dataSync<"int32">());
    default:
      throw new ValueError(`Cannot save variable '${(v as Variable).name}': ${v.dtype} variables have no place in a Keras weights file`);
  }
}

const int64Scalar = (n: number): H5Dataset => h5Dataset("int64", [], new BigInt64Array([BigInt(n)]));
const float32Scalar = (x: number): H5Dataset => h5Dataset("float32", [], new Float32Array([x]));

/** The leading scalars of an optimizer's list: [iterations, learning rate unless a schedule]. */
function optimizerScalars(opt: Optimizer): H5Dataset[] {
  return [int64Scalar(opt.iterations), ...(opt.hasSchedule ? [] : [float32Scalar(opt.learningRate)])];
}

/** An optimizer's list as Keras writes it (the slots only once built for all of `variables`). */
function optimizerDatasets(opt: Optimizer, variables: readonly Variable[]): H5Dataset[] {
  if (opt instanceof LossScaleOptimizer) {
    const { counter, scale } = opt.scaleState;
    return [int64Scalar(0), float32Scalar(0), int64Scalar(counter), float32Scalar(scale), ...optimizerDatasets(opt.innerOptimizer, variables)];
  }
  // An optimizer without slots for every variable yet (not stepped) is saved as Keras saves
  // one not yet built: its iterations and learning rate only.
  const slots = opt.kerasSlots(variables);
  return [...optimizerScalars(opt), ...(slots ?? []).map(variableDataset)];
}

const varsGroup = (name: string, datasets: readonly H5Dataset[]): H5Group =>
  h5Group(
    { name },
    datasets.map((d, i) => [String(i), d]),
  );

/** Puts `group` at `path` under `root`, making the groups on the way. */
function place(root: Map<string, H5Group | H5Dataset>, path: readonly string[], group: H5Group): void {
  let level = root;
  for (const key of path.slice(0, -1)) {
    let next = level.get(key) as H5Group | undefined;
    if (next === undefined) {
      next = h5Group({});
      level.set(key, next);
    }
    level = next.children as Map<string, H5Group | H5Dataset>;
  }
  level.set(path.at(-1)!, group);
}

/**
 * The file's tree for `model`, its values copied now (so training may go on while the
 * file is written). Example: `await writeH5(path, weightsTree(model))`.
 */
export function weightsTree(model: WeightsModel): H5Group {
  const root = new Map<string, H5Group | H5Dataset>();
  walk(model, [], (path, layer) => place(root, path, varsGroup(layer.name, layer.ownVariables.map(variableDataset))));
  const opt = model.optimizer;
  if (opt) {
    place(root, ["optimizer", "vars"], varsGroup(opt.name, optimizerDatasets(opt, model.trainableWeights)));
    if (opt instanceof LossScaleOptimizer) {
      const inner = opt.innerOptimizer;
      place(root, ["optimizer", "inner_optimizer", "vars"], varsGroup(inner.name, optimizerDatasets(inner, model.trainableWeights)));
    }
  }
  return h5Group({}, root);
}

/** The datasets "0".."n-1" of a vars group, in order. */
function datasetsOf(group: H5Group, path: string, file: string): H5Dataset[] {
  const out: H5Dataset[] = [];
  for (let i = 0; i < group.children.size; i++) {
    const d = group.children.get(String(i));
    if (d?.kind !== "dataset") throw new ValueError(`${file} has no dataset '${path}/${i}', though its group holds ${group.children.size} members`);
    out.push(d);
  }
  return out;
}

/** The dataset as a tensor of `dtype` (Keras's assign casts likewise). */
function datasetTensor(d: H5Dataset, dtype: DType, where: string): Tensor {
  if (dtype === "bool" || dtype === "uint8") throw new ValueError(`${where}: cannot load ${d.dtype} data into a ${dtype} variable`);
  let t: Tensor;
  if (d.dtype === "float16" || d.dtype === "bfloat16" || d.dtype === "float32" || d.dtype === "float64") {
    t = Tensor.fromStorage(d.data as Float32Array, d.shape, d.dtype);
  } else {
    t = Tensor.fromStorage(Float64Array.from(d.data as ArrayLike<number | bigint>, Number), d.shape, "float64");
  }
  if (t.dtype === dtype) return t;
  const c = cast(t, dtype);
  t.dispose();
  return c;
}

/** A scalar dataset's value (16-bit floats decoded); `integer` requires an integer dataset. */
function scalarOf(d: H5Dataset, where: string, integer = false): number {
  if (d.shape.length !== 0 || d.data.length !== 1) throw new ValueError(`${where} must be a scalar, but has shape ${formatShape(d.shape)}`);
  const isInt = d.dtype === "int64" || d.dtype === "int32";
  if (integer && !isInt) throw new ValueError(`${where} must be an integer, but is ${d.dtype}`);
  if (isInt || d.dtype === "float32" || d.dtype === "float64") return Number(d.data[0]!);
  const t = Tensor.fromStorage(d.data as Uint16Array, [], d.dtype);
  const value = t.dataSync()[0]!;
  t.dispose();
  return value;
}

/** One assignment the load will make, checked before any is made. */
type Step = () => void;

/**
 * Checks dataset `first + i` against `like[i]` (shape; converted to its dtype) and adds
 * the step that assigns it to `target(i)` (the variable itself, or a slot made later).
 */
function variableSteps(
  like: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: DType }[],
  target: (i: number) => Variable,
  datasets: readonly H5Dataset[],
  first: number,
  base: string,
  file: string,
  owner: string,
  out: Step[],
  made: Tensor[],
): void {
  like.forEach((v, i) => {
    const d = datasets[first + i]!;
    const where = `'${base}/${first + i}' in ${file}`;
    if (d.shape.join() !== v.shape.join()) {
      throw new ValueError(`Weight ${where} has shape ${formatShape(d.shape)}, but ${owner} variable '${v.name}' has shape ${formatShape(v.shape)}`);
    }
    const t = datasetTensor(d, v.dtype, where);
    made.push(t);
    out.push(() => target(i).assign(t));
  });
}

/**
 * Adds the steps that restore `opt` from its list and returns true, or returns false
 * (with Keras's warning) when the counts differ. Every value is checked here, before any
 * step runs.
 */
function optimizerSteps(
  opt: Optimizer,
  variables: readonly Variable[],
  datasets: readonly H5Dataset[],
  base: string,
  file: string,
  out: Step[],
  made: Tensor[],
): boolean {
  const lso = opt instanceof LossScaleOptimizer;
  const inner = lso ? opt.innerOptimizer : opt;
  const slots = inner.kerasSlotOrder(variables);
  const scalars = (lso ? 4 : 0) + 1 + (inner.hasSchedule ? 0 : 1);
  // A file of an optimizer that had not stepped yet has no slots: they are made at the first step, as then.
  const withSlots = datasets.length !== scalars;
  if (withSlots && datasets.length !== scalars + slots.length) {
    log(
      "warn",
      `Skipping variable loading for optimizer '${opt.name}', because it has ${scalars + slots.length} variables whereas the saved optimizer has ${datasets.length} variables.`,
    );
    return false;
  }
  const at = (i: number, integer = false): number => scalarOf(datasets[i]!, `'${base}/${i}' in ${file}`, integer);
  const check = (ok: boolean, i: number, what: string, value: number): void => {
    if (!ok) throw new ValueError(`'${base}/${i}' in ${file} holds ${value} as the ${what}`);
  };
  let i = 0;
  if (lso) {
    const state = { counter: at(2, true), scale: Math.fround(at(3)) };
    check(state.counter >= 0, 2, "loss scale's step counter; expected a non-negative integer", state.counter);
    check(state.scale > 0 && Number.isFinite(state.scale), 3, "loss scale; expected a positive finite number", state.scale);
    out.push(() => {
      opt.scaleState = state;
    });
    i = 4;
  }
  const iterations = at(i, true);
  check(iterations >= 0, i++, "iteration count; expected a non-negative integer", iterations);
  const lr = inner.hasSchedule ? null : at(i);
  if (lr !== null) check(lr >= 0, i++, "learning rate; expected a non-negative number", lr);
  // The slots are made (zeros, as a first step would make them) only once all is checked.
  let built: Variable[] = [];
  if (withSlots) {
    out.push(() => {
      inner.build(variables);
      built = inner.kerasSlots(variables)!;
    });
  }
  variableSteps(
    (withSlots ? slots : []).map(([v, s]) => ({ name: `${s} of ${v.name}`, shape: v.shape, dtype: "float32" as const })),
    (k) => built[k]!,
    datasets,
    i,
    base,
    file,
    `optimizer '${inner.name}'`,
    out,
    made,
  );
  out.push(() => {
    inner.iterations = iterations;
    if (lr !== null) inner.learningRate = lr;
  });
  return true;
}

/**
 * Restores `model` (and its optimizer's state, building its slots first) from `tree`,
 * read from `file`. Everything is checked before anything is assigned, so a bad file
 * leaves the model as it was. Example: `loadWeightsTree(model, await readH5(path), path)`.
 */
export function loadWeightsTree(model: WeightsModel, tree: H5Group, file: string): void {
  const steps: Step[] = [];
  const made: Tensor[] = [];
  try {
    walk(model, [], (path, layer) => {
      const variables = layer.ownVariables;
      const where = path.join("/");
      const group = h5Find(tree, path);
      if (group?.kind !== "group") {
        if (variables.length === 0) return;
        throw new ValueError(`${file} has no weights for layer '${layer.name}' (group '${where}'), which expects ${variables.length} variables`);
      }
      const datasets = datasetsOf(group, where, file);
      if (datasets.length !== variables.length) {
        throw new ValueError(
          `Layer '${layer.name}' expected ${variables.length} variables, but received ${datasets.length} variables during loading from ${file}. Expected: [${variables.map((v) => v.name).join(", ")}]`,
        );
      }
      variableSteps(variables, (i) => variables[i]!, datasets, 0, where, file, `layer '${layer.name}'`, steps, made);
    });
    const opt = model.optimizer;
    const saved = h5Find(tree, ["optimizer", "vars"]);
    if (opt && saved?.kind === "group") {
      optimizerSteps(opt, model.trainableWeights, datasetsOf(saved, "optimizer/vars", file), "optimizer/vars", file, steps, made);
    }
    for (const step of steps) step();
  } finally {
    for (const t of made) t.dispose();
  }
}
