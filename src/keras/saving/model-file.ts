/**
 * Whole models in Keras 3's `.keras` format: a zip, stored uncompressed, of exactly
 * `metadata.json`, `config.json` (the model's serialized config with its build and
 * compile configs, snake_case) and `model.weights.h5` (weights-h5.ts's layout). Keras
 * unpacks any further member as an asset, so there are none.
 */
import { writeFile } from "node:fs/promises";
import { strToU8, zipSync } from "fflate";
import { describeValue, ValueError } from "../../errors.js";
import type { Layer } from "../engine/layer.js";
import { compileConfig } from "../training/compile-config.js";
import type { CompileArgs, Compiled } from "../training/compile.js";
import { toKerasJson } from "./config-keys.js";
import { serialize } from "./object-registry.js";
import { type WeightsModel, weightsTree } from "./weights-h5.js";
import { h5ToBytes, writeAtomically } from "./weights-file.js";

/** The Keras version whose format the files follow (DTypePolicy objects for layer dtypes are 3.4's). */
const KERAS_FORMAT_VERSION = "3.4.0";

/** What saving needs of a model. */
export interface SaveableModel extends WeightsModel {
  readonly compileArguments: CompileArgs | null;
  readonly compiledState: Compiled | null;
  getBuildConfig(): { inputShape: (number | null)[] } | null;
  compile(args: CompileArgs): void;
}

/**
 * The model's `config.json` content (snake_case): `{ module, class_name, config,
 * registered_name, build_config, compile_config }` (no compile config before compile).
 */
export function modelFileConfig(model: SaveableModel): Record<string, unknown> {
  const out: Record<string, unknown> = { ...serialize(model as Layer), buildConfig: model.getBuildConfig() ?? { inputShape: null } };
  const compile = compileConfig(model);
  if (compile !== null) out.compileConfig = compile;
  return toKerasJson(out) as Record<string, unknown>;
}

/** Keras's `date_saved`: "2026-12-02@01:21:47" (UTC here). */
function dateSaved(now: Date): string {
  return now.toISOString().slice(0, 19).replace("T", "@");
}

/** Writes `model` to `path` (which must end in `.keras`), atomically. Example: `await saveModelFile(model, "m.keras")`. */
export async function saveModelFile(model: SaveableModel, path: string): Promise<void> {
  if (typeof path !== "string" || !path.endsWith(".keras")) {
    throw new ValueError(
      `Invalid filepath extension for saving. Please add a \`.keras\` extension for the native Keras format (weights alone: \`saveWeights\` with \`.weights.h5\`). Received: filepath=${typeof path === "string" ? path : describeValue(path)}`,
    );
  }
  // Everything is read from the model before the first await, so training may go on meanwhile.
  const config = JSON.stringify(modelFileConfig(model));
  const tree = weightsTree(model);
  const metadata = JSON.stringify({ keras_version: KERAS_FORMAT_VERSION, date_saved: dateSaved(new Date()), saved_by: "kerats" });
  await writeAtomically(path, async (tmp) => {
    const weights = await h5ToBytes(tree);
    // Level 0: members stored, not deflated, as Keras writes them.
    const zip = zipSync({ "metadata.json": strToU8(metadata), "config.json": strToU8(config), "model.weights.h5": weights }, { level: 0 });
    await writeFile(tmp, zip);
  });
}
