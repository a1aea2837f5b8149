/**
 * The graph of a functional model: the layer calls between its inputs and outputs,
 * found by walking KerasTensor histories back from the outputs, in an order where
 * every call comes after the calls that feed it.
 */
import { ValueError } from "../../errors.js";
import { InputLayer } from "../engine/input.js";
import type { KerasTensor } from "../engine/keras-tensor.js";
import type { Layer } from "../engine/layer.js";

export interface GraphNode {
  readonly layer: Layer;
  /** The call's input (null for an InputLayer). */
  readonly input: KerasTensor | null;
  readonly output: KerasTensor;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  /** Each layer once, in the order first called (InputLayers first). */
  readonly layers: readonly Layer[];
}

/** Builds the graph; throws Keras's "Graph disconnected" error for an input that is not given. */
export function buildGraph(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[]): Graph {
  const nodes: GraphNode[] = [];
  const seen = new Set<KerasTensor>();
  const visit = (t: KerasTensor): void => {
    if (seen.has(t)) return;
    seen.add(t);
    if (!t.history) throw new ValueError(`Output tensor ${t} of the model was not created by a Keras layer or keras.Input`);
    const { layer, inputs: parents } = t.history;
    if (layer instanceof InputLayer) {
      if (!inputs.includes(t)) {
        const accessed = nodes.map((n) => n.layer.name);
        throw new ValueError(
          `Graph disconnected: cannot obtain value for tensor ${t} at layer "${t.name}". The following previous layers were accessed without issue: [${accessed.map((n) => `'${n}'`).join(", ")}]`,
        );
      }
      nodes.push({ layer, input: null, output: t });
      return;
    }
    if (parents.length !== 1) throw new ValueError(`Layer "${layer.name}" was called on ${parents.length} inputs; kerats layers take one input`);
    visit(parents[0]!);
    nodes.push({ layer, input: parents[0]!, output: t });
  };
  for (const t of inputs) {
    if (!(t.history?.layer instanceof InputLayer)) throw new ValueError(`Model inputs must come from keras.Input, but got: ${t}`);
  }
  for (const t of outputs) visit(t);
  // Inputs first, in the order given, then the calls in dependency order.
  const inputNodes = inputs.map((t) => nodes.find((n) => n.output === t) ?? { layer: t.history!.layer, input: null, output: t });
  const callNodes = nodes.filter((n) => n.input !== null);
  const ordered = [...inputNodes, ...callNodes];
  const layers: Layer[] = [];
  for (const n of ordered) if (!layers.includes(n.layer)) layers.push(n.layer);
  return { nodes: ordered, layers };
}
