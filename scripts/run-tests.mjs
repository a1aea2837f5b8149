// Runs every test file under test/ with node:test through tsx, once per backend:
// native and reference, so the whole suite holds on both.
// Usage: node scripts/run-tests.mjs [filter ...]; KERATS_BACKEND=name runs one backend.
// `npm install` builds the native addon unless KERATS_SKIP_NATIVE=1 opts out, so without
// that opt-out a missing addon fails the run (in CI and everywhere else): otherwise the
// native pass would silently not happen and its tests would not run.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = collect("test").filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error("run-tests: no test files matched", filter);
  process.exit(1);
}

const addon = "build/Release/kerats_native.node";
const built = existsSync(addon);
if (!built && process.env.KERATS_SKIP_NATIVE !== "1") {
  console.error(
    `run-tests: ${addon} is missing, so the native backend cannot be tested. \`npm install\` builds it with node-gyp ` +
      "(a C++ compiler and Python are needed): run `npm run install` to rebuild it and see why it fails, " +
      "or set KERATS_SKIP_NATIVE=1 to test the reference backend alone.",
  );
  process.exit(1);
}

const backends = process.env.KERATS_BACKEND ? [process.env.KERATS_BACKEND] : built ? ["native", "reference"] : ["reference"];
let status = 0;
for (const backend of backends) {
  console.log(`\n# kerats test suite on the ${backend} backend\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
    stdio: "inherit",
    env: { ...process.env, KERATS_BACKEND: backend },
  });
  status ||= result.status ?? 1;
}
process.exit(status);
