/**
 * A functional model's config, as Keras 3's `Functional.get_config` writes it: each
 * layer's serialized config with its `name` and `inboundNodes` (the calls inside this
 * model, each an `args` list of `__keras_tensor__` references `[layer, node, tensor]`),
 * then `inputLayers` and `outputLayers` as such references; and the inverse, which
 * recreates the layers and replays the calls in rounds until every one has its input
 * (Keras's `functional_from_config`).
 */
import { describeValue, ValueError } from "../../errors.js";
import { InputLayer } from "../engine/input.js";
import type { KerasTensor } from "../engine/keras-tensor.js";
import { Layer } from "../engine/layer.js";
import { deserialize, serialize } from "../saving/object-registry.js";
import type { GraphNode } from "./graph.js";

/** `[layer name, node index, tensor index]`. */
type TensorRef = [string, number, number];

/** What this module needs of a functional model (Model implements it). */
export interface FunctionalParts {
  readonly name: string;
  readonly trainable: boolean;
  readonly layers: readonly Layer[];
  readonly nodes: readonly GraphNode[];
  readonly inputs: readonly KerasTensor[];
  readonly outputs: readonly KerasTensor[];
  readonly singleInput: boolean;
  readonly singleOutput: boolean;
}

/** A layer's config entry in a model's `layers`: serialized, with its build config when it has one. */
export function layerEntry(layer: Layer): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...serialize(layer) };
  const build = layer.getBuildConfig();
  if (build !== null) entry.buildConfig = build;
  return entry;
}

/**
 * The config of a functional model. A layer's node index is its call's position among
 * its calls in this model, except in `inputLayers`/`outputLayers`, where Keras counts a
 * nested functional model's calls from 1 (`isFunctional` tells which layers those are).
 * Example: `functionalConfig(model).inputLayers` is `["digits", 0, 0]`.
 */
export function functionalConfig(model: FunctionalParts, isFunctional: (l: Layer) => boolean): Record<string, unknown> {
  // A layer's calls in this model, in the order they were made, are its nodes 0, 1, ...
  const calls = new Map<Layer, GraphNode[]>();
  for (const node of model.nodes) {
    const list = calls.get(node.layer) ?? [];
    list.push(node);
    calls.set(node.layer, list);
  }
  for (const list of calls.values()) list.sort((a, b) => a.output.serial - b.output.serial);
  const ref = (t: KerasTensor, offset = false): TensorRef => {
    const layer = t.history!.layer;
    const index = calls.get(layer)!.findIndex((n) => n.output === t);
    return [layer.name, index + (offset && isFunctional(layer) ? 1 : 0), 0];
  };
  const endRef = (t: KerasTensor): TensorRef => ref(t, true);
  const layers = model.layers.map((layer) => ({
    ...layerEntry(layer),
    name: layer.name,
    inboundNodes: (calls.get(layer) ?? [])
      .filter((n) => n.input !== null)
      .map((n) => ({
        args: [{ className: "__keras_tensor__", config: { shape: [...n.input!.shape], dtype: n.input!.dtype, kerasHistory: ref(n.input!) } }],
        kwargs: {},
      })),
  }));
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    inputLayers: model.singleInput ? endRef(model.inputs[0]!) : model.inputs.map(endRef),
    outputLayers: model.singleOutput ? endRef(model.outputs[0]!) : model.outputs.map(endRef),
  };
}

const isRef = (v: unknown): v is TensorRef =>
  Array.isArray(v) && v.length === 3 && typeof v[0] === "string" && Number.isInteger(v[1]) && Number.isInteger(v[2]);

/** The layer a model config's entry describes (InputLayers included), checked to be a Layer. */
export function layerFromEntry(entry: unknown, where: string): Layer {
  if (entry === null || typeof entry !== "object") throw new ValueError(`${where}: a layer entry must be an object, but got: ${describeValue(entry)}`);
  const { module, className, config, registeredName } = entry as Record<string, unknown>;
  const layer = deserialize("layer", { module, className, config, registeredName });
  if (!(layer instanceof Layer)) throw new ValueError(`${where}: '${String(className)}' is not a layer`);
  return layer;
}

/**
 * Runs `build` (which creates `made`'s layers and calls them) and, if it throws, frees the
 * weights of the layers made so far: a failed load leaves nothing behind.
 */
export function freeingOnError<T>(made: readonly Layer[], build: () => T): T {
  try {
    return build();
  } catch (e) {
    for (const layer of made) for (const w of layer.weights) w.dispose();
    throw e;
  }
}

/** What `functionalFromConfig` hands the model constructor. */
export interface FunctionalArgs {
  inputs: KerasTensor | KerasTensor[];
  outputs: KerasTensor | KerasTensor[];
  name: string | undefined;
  trainable: boolean | undefined;
}

/** The inputs, outputs, name and trainable flag a functional config describes, its layers created and called. */
export function functionalFromConfig(config: Record<string, unknown>, isFunctional: (l: Layer) => boolean): FunctionalArgs {
  const { layers, inputLayers, outputLayers, name, trainable } = config;
  if (!Array.isArray(layers)) throw new ValueError(`A functional model's config needs a \`layers\` list, but got: ${describeValue(layers)}`);
  const created = new Map<string, Layer>();
  /** Each layer's outputs by node index. */
  const produced = new Map<Layer, KerasTensor[]>();
  const pending = new Map<Layer, unknown[]>();
  const order: Layer[] = [];
  return freeingOnError(order, () => {
    for (const entry of layers) {
      const e = entry as Record<string, unknown>;
      const layerName = typeof e.name === "string" ? e.name : String((e.config as Record<string, unknown> | undefined)?.name);
      const layer = layerFromEntry(entry, `layer '${layerName}'`);
      order.push(layer);
      if (created.has(layerName)) throw new ValueError(`The model config has two layers named '${layerName}'`);
      created.set(layerName, layer);
      produced.set(layer, layer instanceof InputLayer ? [layer.output] : []);
      const inbound = e.inboundNodes ?? [];
      if (!Array.isArray(inbound)) throw new ValueError(`Layer '${layerName}': \`inbound_nodes\` must be a list, but got: ${describeValue(inbound)}`);
      if (inbound.length > 0) pending.set(layer, [...inbound]);
    }
    /** The tensor a reference names, or undefined while its call has not been replayed; `end` for input/output references. */
    const resolve = (ref: unknown, end = false): KerasTensor | undefined => {
      if (!isRef(ref)) throw new ValueError(`Expected a tensor reference [layer, node, tensor], but got: ${describeValue(ref)}`);
      const layer = created.get(ref[0]);
      if (!layer) throw new ValueError(`The model config refers to a layer '${ref[0]}' it does not define`);
      if (ref[2] !== 0) throw new ValueError(`Layer '${ref[0]}' has one output, but the model config refers to its output ${ref[2]}`);
      return produced.get(layer)![ref[1] - (end && isFunctional(layer) ? 1 : 0)];
    };
    const nodeInput = (layer: Layer, node: unknown): KerasTensor | undefined => {
      const { args, kwargs } = (node ?? {}) as { args?: unknown; kwargs?: unknown };
      // Keras writes `mask: null` for a nested model's call; only arguments that are set matter.
      const set = kwargs !== null && typeof kwargs === "object" ? Object.values(kwargs).filter((v) => v !== null) : [kwargs];
      if (kwargs !== undefined && set.length > 0) {
        throw new ValueError(
          `Layer '${layer.name}' is called with keyword arguments ${JSON.stringify(kwargs)} in the model config; kerats replays calls on one input only`,
        );
      }
      if (!Array.isArray(args) || args.length !== 1) {
        throw new ValueError(
          `Layer '${layer.name}' is called on ${Array.isArray(args) ? args.length : describeValue(args)} inputs in the model config; kerats layers take one input`,
        );
      }
      const arg = args[0] as { className?: unknown; config?: { kerasHistory?: unknown } };
      if (arg?.className !== "__keras_tensor__")
        throw new ValueError(`Layer '${layer.name}' is called on ${describeValue(arg)}; kerats layers take one tensor`);
      return resolve(arg.config?.kerasHistory);
    };
    while (pending.size > 0) {
      let progress = false;
      for (const layer of order) {
        const nodes = pending.get(layer);
        if (!nodes) continue;
        while (nodes.length > 0) {
          const input = nodeInput(layer, nodes[0]);
          if (input === undefined) break;
          produced.get(layer)!.push(layer.apply(input));
          nodes.shift();
          progress = true;
        }
        if (nodes.length === 0) pending.delete(layer);
      }
      if (!progress) {
        throw new ValueError(
          `Invalid Functional model configuration. The graph of the Functional model either has loops or disconnected nodes. The following nodes failed to be resolved: ${[...pending.keys()].map((l) => `'${l.name}'`).join(", ")}`,
        );
      }
    }
    const tensors = (refs: unknown, what: string): KerasTensor | KerasTensor[] => {
      const one = (r: unknown): KerasTensor => {
        const t = resolve(r, true);
        if (!t) throw new ValueError(`The model config's ${what} refer to ${JSON.stringify(r)}, which no layer call produces`);
        return t;
      };
      if (isRef(refs)) return one(refs);
      if (Array.isArray(refs)) return refs.map(one);
      throw new ValueError(`The model config's ${what} must be tensor references, but got: ${describeValue(refs)}`);
    };
    return {
      inputs: tensors(inputLayers, "input_layers"),
      outputs: tensors(outputLayers, "output_layers"),
      name: name as string | undefined,
      trainable: trainable as boolean | undefined,
    };
  });
}
