import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { loadAddon } from "../../../src/backend/native/native-addon.js";

test("a missing addon is reported, not thrown", () => {
  const r = loadAddon("/nonexistent/kerats_native.node");
  assert.ok("error" in r);
  assert.match(r.error, /\/nonexistent\/kerats_native\.node was not built/);
});

test("a broken addon file is reported, not thrown", () => {
  const r = loadAddon(new URL("../../fixtures/README.md", import.meta.url).pathname);
  assert.ok("error" in r);
  assert.match(r.error, /loading .* failed/);
});

test("KERATS_BACKEND selects the default backend; an unknown name fails clearly", () => {
  const run = (backend: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "-e", 'import("./src/index.ts").then((tf) => console.log(tf.getBackend()))'], {
      env: { ...process.env, KERATS_BACKEND: backend },
      encoding: "utf8",
    });
  const ok = run("reference");
  assert.equal(ok.stdout.trim(), "reference");
  assert.equal(ok.stderr, "");
  const bad = run("webgpu");
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /KERATS_BACKEND must be one of 'reference'.*but got: 'webgpu'/);
});
