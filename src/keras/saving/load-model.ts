/**
 * `keras.models.loadModel`, `modelFromConfig` and `modelFromJson`: a model from a
 * `.keras` archive (architecture, policies, weights, and the compiled optimizer with its
 * state) or from a config. Everything is checked before the model is handed out; a
 * failed load frees what it made.
 */
import { describeValue, ValueError } from "../../errors.js";
import { h5Find } from "../../io/hdf5.js";
import { LossScaleOptimizer } from "../mixed-precision/loss-scale-optimizer.js";
import { Model } from "../models/model.js";
// Sequential registers itself when its module loads, so that its configs can be read.
import "../models/sequential.js";
import { deserialize as deserializeOptimizer } from "../optimizers/serialization.js";
import { compileFromConfig } from "../training/compile-config.js";
import { untrainableReason } from "../training/compile.js";
import { log } from "../../logging.js";
import { dropKerasOnlyOptions, fromKerasJson } from "./config-keys.js";
import { deserialize, isSerialized } from "./object-registry.js";
import { loadWeightsTree } from "./weights-h5.js";
import { h5FromBytes, readKerasArchive } from "./weights-file.js";

export interface LoadModelOptions {
  /** Classes and functions by name, for those neither built in nor registered. */
  customObjects?: Record<string, unknown>;
  /** Compile the model as it was saved (default true), so `fit` goes on with the optimizer's state. */
  compile?: boolean;
}

/** Frees the variables of a model that will not be handed out: its weights, its optimizer's and its compiled metrics' state. */
function disposeModel(model: Model): void {
  const compiled = model.compiledState;
  const metrics = compiled ? [compiled.lossTracker, ...compiled.outputLossTrackers.map((t) => t.metric), ...compiled.metrics.flat().map((m) => m.metric)] : [];
  for (const v of [...model.weights, ...(model.optimizer?.variables() ?? []), ...metrics.flatMap((m) => m.variables)]) v.dispose();
}

/** A model from a config in camelCase form (`{ module, className, config, ... }`). */
function modelFrom(json: unknown, where: string, customObjects: Record<string, unknown> | undefined): Model {
  if (!isSerialized(json) || typeof json.config !== "object") {
    throw new ValueError(`${where}: expected a model config { module, class_name, config }, but got: ${describeValue(json)}`);
  }
  const model = deserialize("layer", json, customObjects);
  if (!(model instanceof Model)) {
    throw new ValueError(`${where}: '${json.className}' is a layer, not a model`);
  }
  return model;
}

/** Accepts the camelCase form `serialize(model)` gives or the snake_case form of a file. */
function normalize(config: unknown, where: string): unknown {
  const snake = config !== null && typeof config === "object" && "class_name" in config;
  return snake ? dropKerasOnlyOptions(fromKerasJson(config), where) : config;
}

/**
 * A model (not compiled, newly initialized weights) from its config: what
 * `keras.saving.serialize(model)` gives, or Keras's snake_case form.
 * Example: `const copy = keras.models.modelFromConfig(keras.saving.serialize(model))`.
 */
export function modelFromConfig(config: object, options: { customObjects?: Record<string, unknown> } = {}): Model {
  return modelFrom(normalize(config, "modelFromConfig"), "modelFromConfig", options.customObjects);
}

/** A model from `model.toJSON()`'s string (Keras's `model_from_json`). Example: `keras.models.modelFromJson(model.toJSON())`. */
export function modelFromJson(json: string, options: { customObjects?: Record<string, unknown> } = {}): Model {
  if (typeof json !== "string") throw new TypeError(`Argument 'json' of modelFromJson must be a string, but got: ${describeValue(json)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new ValueError(`modelFromJson: not JSON (${(e as Error).message})`);
  }
  return modelFrom(normalize(parsed, "modelFromJson"), "modelFromJson", options.customObjects);
}

/**
 * Loads a model saved by `model.save` or by Keras 3's `model.save("m.keras")`.
 * Example: `const model = await keras.models.loadModel("mnist.keras"); await model.fit(x, y)`.
 */
export async function loadModel(filepath: string, options: LoadModelOptions = {}): Promise<Model> {
  if (typeof filepath !== "string" || !filepath.endsWith(".keras")) {
    throw new ValueError(
      `File format not supported: filepath=${typeof filepath === "string" ? filepath : describeValue(filepath)}. kerats loads Keras 3 \`.keras\` files (weights alone: \`model.loadWeights\`).`,
    );
  }
  const { customObjects, compile = true } = options;
  const members = await readKerasArchive(filepath, ["config.json", "model.weights.h5"]);
  const where = `member 'config.json' of ${filepath}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(members["config.json"]));
  } catch (e) {
    throw new ValueError(`${where} is not JSON (${(e as Error).message})`);
  }
  const json = dropKerasOnlyOptions(fromKerasJson(parsed), where) as Record<string, unknown>;
  const weightsFile = `member 'model.weights.h5' of ${filepath}`;
  const tree = await h5FromBytes(members["model.weights.h5"]!, weightsFile);
  const model = modelFrom(json, where, customObjects);
  try {
    const config = json.compileConfig;
    const untrainable = untrainableReason(model);
    if (compile && config !== null && typeof config === "object" && untrainable !== null) {
      log("warn", `${filepath} is loaded without compiling it: ${untrainable}`);
    } else if (compile && config !== null && typeof config === "object") {
      const c = { ...(config as Record<string, unknown>) };
      // A model that trained under mixed_float16 saved a LossScaleOptimizer around the optimizer it was compiled with.
      if (
        h5Find(tree, ["optimizer", "inner_optimizer"])?.kind === "group" &&
        isSerialized(c.optimizer) &&
        !/^loss_?scale_?optimizer$/i.test(c.optimizer.className)
      ) {
        c.optimizer = new LossScaleOptimizer(deserializeOptimizer(c.optimizer as never, customObjects as never));
      }
      compileFromConfig(model, c, where);
    }
    loadWeightsTree(model, tree, weightsFile);
  } catch (e) {
    disposeModel(model);
    throw e;
  }
  return model;
}
