import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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

test("the test runner fails when the addon is missing, naming it and the opt-out; KERATS_SKIP_NATIVE=1 runs the reference pass alone", () => {
  // A project without build/: one passing test file, and this checkout's node_modules for tsx.
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "kerats-run-tests-"));
  try {
    mkdirSync(join(dir, "test"));
    writeFileSync(join(dir, "test", "ok.test.ts"), 'import { test } from "node:test";\ntest("ok", () => {});\n');
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.KERATS_BACKEND;
    delete env.KERATS_SKIP_NATIVE;
    const run = (extra: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [join(root, "scripts", "run-tests.mjs")], { cwd: dir, env: { ...env, ...extra }, encoding: "utf8" });
    const missing = run({});
    assert.equal(missing.status, 1);
    assert.match(
      missing.stderr,
      /build\/Release\/kerats_native\.node is missing, so the native backend cannot be tested\..*set KERATS_SKIP_NATIVE=1 to test the reference backend alone/,
    );
    assert.doesNotMatch(missing.stdout, /kerats test suite/);
    const optedOut = run({ KERATS_SKIP_NATIVE: "1" });
    assert.equal(optedOut.status, 0, optedOut.stderr);
    assert.match(optedOut.stdout, /# kerats test suite on the reference backend/);
    assert.doesNotMatch(optedOut.stdout, /on the native backend/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
