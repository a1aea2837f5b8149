/**
 * Symbolic shapes print as Keras prints a Python tuple: `(None, 784)`, with the
 * trailing comma of a 1-tuple. The KerasTensor text and the layer errors share the
 * formatter, so a rank-1 shape reads `(None,)` in all of them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSymbolicShape } from "../../../src/keras/engine/keras-tensor.js";
import { Dense, Input } from "../../../src/keras/layers/index.js";

test("formatSymbolicShape writes Python tuples with None for unknown dimensions", () => {
  assert.equal(formatSymbolicShape([]), "()");
  assert.equal(formatSymbolicShape([null]), "(None,)");
  assert.equal(formatSymbolicShape([3]), "(3,)");
  assert.equal(formatSymbolicShape([null, 784]), "(None, 784)");
  assert.equal(formatSymbolicShape([2, null, 0]), "(2, None, 0)");
});

test("KerasTensor text, Dense's undefined-dimension error and the incompatible-input error use that text", () => {
  assert.match(String(Input({ shape: [784] })), /^<KerasTensor: shape=\(None, 784\) dtype=float32 \(created by layer 'input(_\d+)?'\)>$/);
  assert.match(String(Input({ shape: [] })), /^<KerasTensor: shape=\(None,\) dtype=float32 /);
  assert.throws(
    () => new Dense(2).apply(Input({ shape: [] })),
    (e: Error) => e.message.endsWith("Found None. Full input shape received: (None,)"),
  );
  const dense = new Dense(2);
  dense.apply(Input({ shape: [3] }));
  assert.throws(
    () => dense.apply(Input({ shape: [] })),
    (e: Error) => e.message.endsWith("is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (None,)"),
  );
});
