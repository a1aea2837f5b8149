import { test } from "node:test";
import assert from "node:assert/strict";
import { Dense, Input } from "../../../src/keras/layers/index.js";
import { Model, Sequential } from "../../../src/keras/models/index.js";
import { SGD } from "../../../src/keras/optimizers/index.js";

test("compile refuses policies whose variables are not float32, naming the layer and the way out", () => {
  for (const dtype of ["float16", "bfloat16", "float64"] as const) {
    const model = new Sequential([new Dense(2, { inputShape: [3], dtype, name: "pure" })]);
    assert.throws(
      () => model.compile({ loss: "mse", optimizer: new SGD() }),
      new RegExp(
        `^ValueError: compile: layer 'pure' has the dtype policy '${dtype}', whose ${dtype} variables kerats cannot train: its optimizers update float32 variables only .*Use the 'mixed_float16' or 'mixed_bfloat16' policy`,
      ),
    );
    assert.equal(model.optimizer, null);
  }
  // Inside a nested model, and only trainable layers matter.
  const inner = new Sequential([new Dense(2, { inputShape: [3], dtype: "bfloat16", name: "deep" })]);
  const x = Input({ shape: [3] });
  const outer = new Model({ inputs: x, outputs: new Dense(1).apply(inner.apply(x) as never) });
  assert.throws(() => outer.compile({ loss: "mse" }), /layer 'deep' has the dtype policy 'bfloat16'/);
  inner.trainable = false;
  outer.compile({ loss: "mse" });
  for (const dtype of ["mixed_float16", "mixed_bfloat16", "float32"] as const) {
    const ok = new Sequential([new Dense(2, { inputShape: [3], dtype })]);
    ok.compile({ loss: "mse", optimizer: new SGD() });
    assert.notEqual(ok.optimizer, null);
  }
});
