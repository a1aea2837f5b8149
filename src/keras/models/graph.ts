/**
 * The graph of a functional model: the layer calls between its inputs and outputs,
 * found by walking KerasTensor histories back from the outputs, in an order where
 * every call comes after the calls that feed it, and its layers in Keras's order
 * (`map_graph`: by decreasing depth, ties in the order a walk from the outputs meets
 * them), which is the order of `model.layers` and of the layers in saved files.
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
  /** Each layer once, in Keras's order (InputLayers of the longest paths first). */
  readonly layers: readonly Layer[];
}

/** Builds the graph; throws Keras's "Graph disconnected" error for an input that is not given. */
export function buildGraph(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[]): Graph {
  const nodes: GraphNode[] = [];
  const byOutput = new Map<KerasTensor, GraphNode>();
  // Keras numbers each layer when the walk first meets it, before its parents.
  const traversal = new Map<Layer, number>();
  const visit = (t: KerasTensor): void => {
    if (byOutput.has(t)) return;
    if (!t.history) throw new ValueError(`Output tensor ${t} of the model was not created by a Keras layer or keras.Input`);
    const { layer, inputs: parents } = t.history;
    if (!traversal.has(layer)) traversal.set(layer, traversal.size);
    let node: GraphNode;
    if (layer instanceof InputLayer) {
      if (!inputs.includes(t)) {
        const accessed = nodes.map((n) => n.layer.name);
        throw new ValueError(
          `Graph disconnected: cannot obtain value for tensor ${t} at layer "${t.name}". The following previous layers were accessed without issue: [${accessed.map((n) => `'${n}'`).join(", ")}]`,
        );
      }
      node = { layer, input: null, output: t };
    } else {
      if (parents.length !== 1) throw new ValueError(`Layer "${layer.name}" was called on ${parents.length} inputs; kerats layers take one input`);
      visit(parents[0]!);
      node = { layer, input: parents[0]!, output: t };
    }
    byOutput.set(t, node);
    nodes.push(node);
  };
  for (const t of inputs) {
    if (!(t.history?.layer instanceof InputLayer)) throw new ValueError(`Model inputs must come from keras.Input, but got: ${t}`);
  }
  for (const t of outputs) visit(t);
  // Depth: calls between a node and an output (the most, over every path); a layer's is its deepest node's.
  const nodeDepth = new Map<GraphNode, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of [...nodes].reverse()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    const parent = node.input ? byOutput.get(node.input) : undefined;
    if (parent) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
  }
  // Inputs no output depends on are kept (Keras allows them, e.g. for losses), at depth 0.
  const inputNodes = inputs.map((t) => {
    const node = byOutput.get(t) ?? { layer: t.history!.layer, input: null, output: t };
    if (!layerDepth.has(node.layer)) {
      layerDepth.set(node.layer, 0);
      traversal.set(node.layer, -1);
    }
    return node;
  });
  const layers = [...layerDepth.keys()].sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || traversal.get(a)! - traversal.get(b)!);
  // Runs inputs first, in the order given, then the calls in dependency order.
  return { nodes: [...inputNodes, ...nodes.filter((n) => n.input !== null)], layers };
}
