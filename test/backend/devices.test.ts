import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

test("device identification: a CPU, and no GPU or XPU without a GPU backend", () => {
  assert.deepEqual(tf.config.listPhysicalDevices("CPU"), [{ name: "/physical_device:CPU:0", deviceType: "CPU" }]);
  assert.deepEqual(tf.config.listPhysicalDevices(), [{ name: "/physical_device:CPU:0", deviceType: "CPU" }]);
  assert.deepEqual(tf.config.listPhysicalDevices("GPU"), []);
  assert.deepEqual(tf.config.listPhysicalDevices("XPU"), []);
  assert.equal(tf.test.isGpuAvailable(), false);
  assert.throws(() => tf.config.listPhysicalDevices(3 as never), /'deviceType' of listPhysicalDevices must be a string, but got: 3/);
});

test("cpu features report booleans for every flag", () => {
  const f = tf.config.cpuFeatures();
  for (const key of ["avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512bf16", "avx512fp16", "amxTile", "amxBf16", "amxFp16"]) {
    assert.equal(typeof (f as unknown as Record<string, unknown>)[key], "boolean", key);
  }
  assert.ok(tf.config.threading.getIntraOpParallelismThreads() >= 1);
  const before = tf.config.threading.getIntraOpParallelismThreads();
  assert.throws(
    () => tf.config.threading.setIntraOpParallelismThreads(-1),
    /'n' of setIntraOpParallelismThreads must be an integer in \[0, 1024\], but got: -1/,
  );
  assert.throws(() => tf.config.threading.setIntraOpParallelismThreads(2 ** 40), /must be an integer in \[0, 1024\], but got: 1099511627776/);
  assert.throws(() => tf.config.threading.setIntraOpParallelismThreads(1.5), TypeError);
  assert.equal(tf.config.threading.getIntraOpParallelismThreads(), before);
});
