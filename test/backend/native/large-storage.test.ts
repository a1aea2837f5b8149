/**
 * Native storage is V8's own: buffers over 4 GiB work (Node refuses external buffers that
 * large, which used to crash the process), and large buffers start on a cache line.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { nativeAddon } from "../../../src/backend/registry.js";
import { skipNative } from "./native-guard.js";

// Native storage is what the default backend allocates, so these run in the native pass.
const skip = skipNative || (tf.getBackend() !== "native" && "the native backend is not the default (these run in the native pass)");

test("an op whose output exceeds 4 GiB computes instead of crashing", { skip }, () => {
  const ones = tf.ones([2 ** 31 + 64], "uint8");
  const out = tf.cast(ones, "bfloat16"); // 4 GiB + 128 bytes
  ones.dispose();
  assert.equal(out.size, 2 ** 31 + 64);
  const bits = out.buffer.storage as Uint16Array;
  assert.equal(bits[0], 0x3f80);
  assert.equal(bits[2 ** 31 + 63], 0x3f80);
  out.dispose();
});

test("large native storage is 64-byte aligned", { skip }, () => {
  for (const [shape, dtype] of [
    [[1000, 7], "float32"],
    [[4097], "bfloat16"],
    [[8192, 3], "int32"],
  ] as const) {
    const t = tf.zeros([...shape], dtype);
    const s = t.buffer.storage;
    assert.equal(nativeAddon!.alignOffset(s.buffer as ArrayBuffer, 64), s.byteOffset, `${dtype} ${shape}`);
    t.dispose();
  }
});
