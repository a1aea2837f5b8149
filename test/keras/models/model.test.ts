import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Activation, Dense, Input } from "../../../src/keras/layers/index.js";
import { Model, Sequential } from "../../../src/keras/models/index.js";
import { assertClose } from "../../helpers.js";

const ones = (name: string) => ({ kernelInitializer: "ones", biasInitializer: "zeros", name });

test("functional model: multiple inputs and outputs, shared layers, topological execution", () => {
  const a = Input({ shape: [2], name: "a" });
  const b = Input({ shape: [2], name: "b" });
  const shared = new Dense(2, ones("shared"));
  const ya = shared.apply(a);
  const yb = shared.apply(b);
  const head = new Dense(1, ones("head")).apply(ya);
  const model = new Model({ inputs: [a, b], outputs: [head, yb] });
  // Keras's map_graph order: by depth from the outputs (a: 2; shared, b: 1; head: 0), ties in the order the walk from the outputs meets them.
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ["a", "shared", "b", "head"],
  );
  const [h, y] = model.apply([tf.tensor([[1, 2]]), tf.tensor([[3, 4]])]) as unknown as tf.Tensor[];
  assert.deepEqual([...h!.dataSync()], [6]);
  assert.deepEqual([...y!.dataSync()], [7, 7]);
  assert.equal(model.trainableWeights.length, 4); // shared counted once
});

test("getWeights copies, setWeights restores and checks every shape first", () => {
  const inputs = Input({ shape: [3] });
  const model = new Model({ inputs, outputs: new Dense(2).apply(new Dense(4).apply(inputs)) });
  const initial = model.getWeights();
  assert.deepEqual(
    initial.map((t) => [...t.shape]),
    [[3, 4], [4], [4, 2], [2]],
  );
  const x = tf.randomNormal([5, 3], 0, 1, "float32", 1);
  const before = model.apply(x).dataSync();
  model.weights[0]!.assign(tf.zeros([3, 4]));
  assert.notDeepEqual([...model.apply(x).dataSync()], [...before]);
  model.setWeights(initial);
  assert.deepEqual([...model.apply(x).dataSync()], [...before]);
  const bad = [initial[0]!, initial[1]!, tf.zeros([2, 2]), initial[3]!];
  model.weights[0]!.assign(tf.zeros([3, 4]));
  assert.throws(() => model.setWeights(bad), /Layer weight shape \[4,2\] not compatible with provided weight shape \[2,2\]/);
  assert.deepEqual([...model.weights[0]!.dataSync()], new Array(12).fill(0), "nothing was changed");
  assert.throws(() => model.setWeights([initial[0]!]), /was expecting 4 weights/);
});

test("apply checks input shapes and casts to the Input dtype; training reaches the layers", () => {
  const inputs = Input({ shape: [2] });
  const model = new Model({ inputs, outputs: new tf.layers.Dropout(0.5, { seed: 1 }).apply(inputs) });
  assert.throws(
    () => model.apply(tf.ones([1, 3])),
    /Input 0 of layer "model(_\d+)?" is incompatible with the layer: expected shape=\(None, 2\), found shape=\[1,3\]/,
  );
  const y = model.apply(tf.tensor([[1, 2]], [1, 2], "int32"));
  assert.equal(y.dtype, "float32");
  const trained = model.apply(tf.ones([50, 2]), { training: true });
  assert.ok(trained.dataSync().every((v) => v === 0 || v === 2));
});

test("graph errors and getLayer", () => {
  const a = Input({ shape: [2], name: "first" });
  const b = Input({ shape: [2], name: "second" });
  const y = new Dense(1, { name: "d" }).apply(b);
  assert.throws(() => new Model({ inputs: a, outputs: y }), /Graph disconnected: cannot obtain value for tensor .* at layer "second"/);
  const m = new Model({ inputs: b, outputs: y });
  assert.equal(m.getLayer("d").name, "d");
  assert.equal(m.getLayer(0).name, "second");
  assert.throws(() => m.getLayer("nope"), /No such layer: nope\. Existing layers are: \['second', 'd'\]\./);
});

test("summary lists layers, shapes, params and dtype policies", () => {
  const lines: string[] = [];
  tf.mixedPrecision.policyScope("mixed_float16", () => {
    const inputs = Input({ shape: [784], name: "digits" });
    const x = new Dense(64, { activation: "relu", name: "dense_1" }).apply(inputs);
    const outputs = new Activation("softmax", { dtype: "float32", name: "predictions" }).apply(new Dense(10, { name: "dense_logits" }).apply(x));
    new Model({ inputs, outputs, name: "mnist" }).summary((l) => lines.push(l));
  });
  assert.equal(lines[0], 'Model: "mnist"');
  assert.match(lines[2]!, /^ Layer \(type\) +Output Shape +Param # +Dtype policy$/);
  assert.ok(lines.some((l) => /^ digits \(InputLayer\) +\[\(None, 784\)\] +0 +float32$/.test(l)));
  assert.ok(lines.some((l) => /^ dense_1 \(Dense\) +\(None, 64\) +50240 +mixed_float16$/.test(l)));
  assert.ok(lines.some((l) => /^ predictions \(Activation\) +\(None, 10\) +0 +float32$/.test(l)));
  assert.ok(lines.includes("Total params: 50,890"));
  assert.ok(lines.includes("Trainable params: 50,890"));
  assert.ok(lines.includes("Non-trainable params: 0"));
});

test("Sequential: from inputShape, from a keras.Input, or built by its first data", () => {
  const a = new Sequential([new Dense(3, { inputShape: [4], ...ones("s1") }), new Dense(1, ones("s2"))]);
  assert.deepEqual(
    a.layers.map((l) => l.name),
    ["s1", "s2"],
  );
  assert.deepEqual([...a.apply(tf.ones([2, 4])).dataSync()], [12, 12]);
  const b = new Sequential([Input({ shape: [4] }), new Dense(2)]);
  assert.equal(b.outputs[0]!.shape[1], 2);
  const c = new Sequential();
  c.add(new Dense(5));
  assert.throws(() => c.summary(), /This model has not yet been built/);
  assert.deepEqual(c.apply(tf.ones([3, 7])).shape, [3, 5]);
  assert.equal(c.countParams(), 7 * 5 + 5);
  c.add(new Dense(1));
  assert.deepEqual(c.apply(tf.ones([3, 7])).shape, [3, 1]);
  assert.throws(() => c.add(new Dense(1, { name: c.layers[0]!.name })), /should have unique names/);
  assert.throws(() => c.add(5 as never), /The added layer must be an instance of class Layer/);
});

test("a model nests inside another as a layer", () => {
  const inner = new Sequential([new Dense(2, { inputShape: [3], ...ones("inner_dense") })]);
  const inputs = Input({ shape: [3] });
  const outer = new Model({ inputs, outputs: new Dense(1, ones("outer_dense")).apply(inner.apply(inputs)) });
  assertClose(outer.apply(tf.ones([1, 3])).dataSync(), [6]);
  assert.equal(outer.trainableWeights.length, 4);
});

test("Sequential.add checks a layer against the model before tracking it; pop removes the last", () => {
  const model = new Sequential([new Dense(4, { inputShape: [3], name: "first" })]);
  const misfit = new Dense(2, { name: "misfit" });
  misfit.apply(Input({ shape: [5] })); // built for 5 features, not the model's 4
  assert.throws(
    () => model.add(misfit),
    /Input 0 of layer "misfit" is incompatible with the layer: expected axis -1 of input shape to have value 5, but received input with shape \(None, 4\)/,
  );
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ["first"],
  );
  model.add(new Dense(6, { name: "second" })); // the model still takes layers
  assert.deepEqual(model.outputs[0]!.shape, [null, 6]);
  const popped = model.pop();
  assert.equal(popped.name, "second");
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ["first"],
  );
  assert.deepEqual(model.outputs[0]!.shape, [null, 4]);
  assert.deepEqual((model.apply(tf.ones([2, 3])) as tf.Tensor).shape, [2, 4]);
  model.pop();
  assert.equal(model.layers.length, 0);
  assert.throws(
    () => model.pop(),
    (e: Error) => e instanceof TypeError && e.message === "There are no layers in the model.",
  );
});
