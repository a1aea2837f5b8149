import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DownloadError, getFile } from "../../src/datasets/get-file.js";
import { capture } from "./capture.js";

const home = mkdtempSync(join(tmpdir(), "kerats-getfile-"));
process.env.KERAS_HOME = home; // never touch ~/.keras
delete process.env.KERATS_OFFLINE;
const datasets = join(home, "datasets");

const payload = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
const payloadHash = createHash("sha256").update(payload).digest("hex");
let requests = 0;

/** A local server: /data serves the payload, /missing is 404, /silent never answers. */
const server: Server = createServer((req, res) => {
  requests++;
  if (req.url === "/data") res.end(payload);
  else if (req.url === "/silent") return;
  else res.writeHead(404, "Not Found").end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => {
  server.closeAllConnections();
  server.close();
});

test("getFile downloads into the Keras cache, checks the hash, then reuses the cached file", async () => {
  const { result: path, text } = await capture("stdout", () => getFile("payload.bin", `${base}/data`, { fileHash: payloadHash }));
  assert.equal(path, join(datasets, "payload.bin"));
  assert.equal(text, `Downloading data from ${base}/data\n`);
  assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
  assert.deepEqual(readdirSync(datasets), ["payload.bin"], "no temporary file is left");
  const before = requests;
  const { text: quiet } = await capture("stdout", () => getFile("payload.bin", `${base}/data`, { fileHash: payloadHash }));
  assert.equal(requests, before, "a cached file with the right hash is not downloaded again");
  assert.equal(quiet, "");
});

test("a hash mismatch deletes the download and errors", async () => {
  const wrong = "0".repeat(64);
  await capture("stdout", () =>
    assert.rejects(getFile("bad.bin", `${base}/data`, { fileHash: wrong }), (e: Error) => {
      assert.equal(e.name, "ValueError");
      assert.match(
        e.message,
        new RegExp(
          `Incomplete or corrupted file detected\\. The sha256 file hash of the download from ${base}/data is ${payloadHash}, which does not match the provided value of ${wrong}`,
        ),
      );
      return true;
    }),
  );
  assert.ok(!readdirSync(datasets).some((f) => f.startsWith("bad.bin")), "neither the file nor its temporary remains");
});

test("a cached file with a wrong hash is downloaded again, with Keras's warning", async () => {
  mkdirSync(datasets, { recursive: true });
  writeFileSync(join(datasets, "stale.bin"), "old");
  const { result: out, text: err } = await capture("stderr", () => capture("stdout", () => getFile("stale.bin", `${base}/data`, { fileHash: payloadHash })));
  assert.deepEqual(new Uint8Array(readFileSync(join(datasets, "stale.bin"))), payload);
  assert.match(
    err,
    /A local file was found at .*stale\.bin, but it seems to be incomplete or outdated because the sha256 file hash does not match the original value of [0-9a-f]{64}, so we will re-download the data\./,
  );
  assert.equal(out.text, `Downloading data from ${base}/data\n`);
});

test("network failures are DownloadErrors: HTTP errors, refused connections, silence, KERATS_OFFLINE", async () => {
  await capture("stdout", async () => {
    await assert.rejects(getFile("a.bin", `${base}/missing`), (e: Error) => e instanceof DownloadError && /HTTP 404/.test(e.message));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(getFile("b.bin", `http://127.0.0.1:${port}/x`), (e: Error) => e instanceof DownloadError && /ECONNREFUSED/.test(e.message));
    await assert.rejects(
      getFile("c.bin", `${base}/silent`, { timeoutMs: 200 }),
      (e: Error) => e instanceof DownloadError && /no response within 200 ms/.test(e.message),
    );
    process.env.KERATS_OFFLINE = "1";
    const before = requests;
    try {
      await assert.rejects(getFile("d.bin", `${base}/data`), (e: Error) => e instanceof DownloadError && /disabled by KERATS_OFFLINE/.test(e.message));
    } finally {
      delete process.env.KERATS_OFFLINE;
    }
    assert.equal(requests, before);
  });
  assert.ok(!["a.bin", "b.bin", "c.bin", "d.bin"].some((f) => existsSync(join(datasets, f))));
  assert.ok(
    readdirSync(datasets).every((f) => !f.includes(".part-")),
    "temporary files are removed",
  );
});
