import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";

test("memory counts live bytes per dtype and dispose frees them", () => {
  const before = tf.memory();
  const a = tf.zeros([1000], "float32");
  const b = tf.zeros([1000], "bfloat16");
  const c = tf.zeros([1000], "float16");
  const during = tf.memory();
  assert.equal((during.bytesByDtype.float32 ?? 0) - (before.bytesByDtype.float32 ?? 0), 4000);
  assert.equal((during.bytesByDtype.bfloat16 ?? 0) - (before.bytesByDtype.bfloat16 ?? 0), 2000);
  assert.equal((during.bytesByDtype.float16 ?? 0) - (before.bytesByDtype.float16 ?? 0), 2000);
  assert.equal(during.numBytes - before.numBytes, 8000);
  assert.equal(during.numDataBuffers - before.numDataBuffers, 3);
  a.dispose();
  b.dispose();
  c.dispose();
  assert.equal(tf.memory().numBytes, before.numBytes);
});

test("a reshape view shares its buffer until both are disposed", () => {
  const before = tf.memory().numBytes;
  const a = tf.zeros([10]);
  const v = a.reshape([2, 5]);
  assert.equal(tf.memory().numBytes - before, 40);
  a.dispose();
  assert.equal(tf.memory().numBytes - before, 40);
  v.dispose();
  assert.equal(tf.memory().numBytes - before, 0);
});

test("setBackend and getBackend", () => {
  assert.ok(tf.listBackends().includes("reference"));
  const current = tf.getBackend();
  tf.setBackend("reference");
  assert.equal(tf.getBackend(), "reference");
  assert.throws(() => tf.setBackend("webgl"), /Argument 'name' of setBackend must be one of 'reference'.*but got: 'webgl'/);
  tf.setBackend(current);
});

test("released storage is reused by the next allocation of its byte size, whatever the dtype", () => {
  const a = tf.zeros([1 << 18], "float32"); // 1 MiB
  const storage = a.buffer.storage;
  a.dispose();
  const pooled = tf.memory().pooledBytes;
  assert.ok(pooled >= 1 << 20);
  const b = tf.ones([1 << 19], "bfloat16"); // the same 1 MiB
  assert.equal(b.buffer.storage.buffer, storage.buffer);
  assert.equal(tf.memory().pooledBytes, pooled - (storage.buffer.byteLength - storage.byteOffset));
  assert.deepEqual(Array.from(b.dataSync().subarray(0, 3)), [1, 1, 1]);
  b.dispose();
});

test("the pool drops storage the working set has moved past", () => {
  const old = tf.zeros([3 << 18]); // 3 MiB, released and never asked for again
  const oldBuffer = old.buffer.storage.buffer;
  old.dispose();
  // 160 MiB of allocations of a size it cannot serve (1 MiB: it only serves up to twice that) cycle the pool past it.
  for (let i = 0; i < 160; i++) tf.zeros([1 << 18]).dispose();
  const again = tf.zeros([3 << 18]);
  assert.notEqual(again.buffer.storage.buffer, oldBuffer);
  again.dispose();
});

test("memory() counts tensors, says what may await collection, and tracks the peak", () => {
  const before = tf.memory();
  const t = tf.zeros([256]);
  const v = t.reshape([16, 16]);
  const m = tf.memory();
  assert.equal(m.numTensors - before.numTensors, 2);
  assert.equal(m.numDataBuffers - before.numDataBuffers, 1);
  assert.equal(m.unreliable, true);
  const counted = (r: string[]): number =>
    Number(
      /^(\d+) tensor\(s\) handed to user code \(or saved by its gradient tapes\) are counted until they are disposed or garbage collected$/.exec(
        r[0] ?? "0 tensor(s) handed to user code (or saved by its gradient tapes) are counted until they are disposed or garbage collected",
      )![1],
    );
  assert.equal(counted(m.reasons) - counted(before.reasons), 2);
  // Variables are state someone holds, not garbage awaiting collection.
  const w = tf.variable([1, 2]);
  assert.equal(counted(tf.memory().reasons), counted(m.reasons));
  w.dispose();
  assert.ok(m.peakBytes >= m.numBytes);
  tf.dispose([t, v]);
  assert.equal(tf.memory().numTensors, before.numTensors);
});

test("an allocation the platform refuses is an OutOfMemoryError naming the op and the size", () => {
  const before = tf.memory().numBytes;
  assert.throws(
    () => tf.zeros([2 ** 44]),
    (e: Error) => {
      assert.ok(e instanceof tf.OutOfMemoryError);
      assert.match(e.message, /^Out of memory: cannot allocate 65536\.00 GiB \(17592186044416 float32 elements\) for fill \(shape \[17592186044416\]\)/);
      return true;
    },
  );
  assert.throws(
    () => tf.add(tf.zeros([2 ** 22, 1]), tf.zeros([1, 2 ** 21])),
    /cannot allocate 32768\.00 GiB .* for the output of 'add' \(shape \[4194304,2097152\]\)/,
  );
  assert.equal(tf.memory().numBytes, before + 4 * (2 ** 22 + 2 ** 21)); // only the two inputs
});
