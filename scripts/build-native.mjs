// Builds the native addon with node-gyp at `npm install`. A failed build never fails
// the install: kerats then runs on the reference backend and says so once at run time.
// KERATS_SKIP_NATIVE=1 skips the build (and simulates a machine without a compiler).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const addon = "build/Release/kerats_native.node";

function warn(reason) {
  console.warn(`kerats: the native backend was not built (${reason}); kerats will use the slower reference backend.`);
}

if (process.env.KERATS_SKIP_NATIVE === "1") {
  rmSync(addon, { force: true });
  warn("KERATS_SKIP_NATIVE=1");
  process.exit(0);
}

// npm passes its bundled node-gyp to lifecycle scripts; fall back to one on PATH.
const gyp = process.env.npm_config_node_gyp;
const [cmd, args] = gyp ? [process.execPath, [gyp, "rebuild"]] : ["node-gyp", ["rebuild"]];
const result = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });
if (result.error || result.status !== 0 || !existsSync(addon)) {
  rmSync(addon, { force: true });
  warn(result.error ? result.error.message : `node-gyp exited with ${result.status}`);
}
process.exit(0);
