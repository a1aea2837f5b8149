/**
 * Every layer under float32, mixed_float16 and mixed_bfloat16: weights stay float32,
 * outputs come in the compute dtype, gradients with respect to the weights are float32
 * and match the float32 results within 16-bit tolerance.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Activation, Dense, Dropout, Flatten, Input, Layer, Reshape, Softmax } from "../../../src/keras/layers/index.js";
import { policyScope } from "../../../src/keras/mixed-precision/global-policy.js";
import { assertClose } from "../../helpers.js";

interface Case {
  make: () => Layer;
  input: () => tf.Tensor;
  args?: { training?: boolean; mask?: tf.Tensor };
}

const x = () => tf.randomNormal([4, 6], 0, 1, "float32", 11);
const cases: Record<string, Case> = {
  Dense: { make: () => new Dense(3, { kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed: 1 }), biasInitializer: "ones" }), input: x },
  "Dense relu, rank 3": { make: () => new Dense(5, { activation: "relu", kernelInitializer: new tf.keras.initializers.HeNormal({ seed: 2 }) }), input: () => tf.randomNormal([2, 3, 6], 0, 1, "float32", 12) },
  "Activation gelu": { make: () => new Activation("gelu"), input: x },
  "Activation softmax": { make: () => new Activation("softmax"), input: x },
  "Dropout (training, seeded)": { make: () => new Dropout(0.5, { seed: 3 }), input: x, args: { training: true } },
  Flatten: { make: () => new Flatten(), input: () => tf.randomNormal([2, 3, 4], 0, 1, "float32", 13) },
  Reshape: { make: () => new Reshape([3, -1]), input: x },
  "Softmax with mask": { make: () => new Softmax(), input: x, args: { mask: tf.tensor([[true, true, false, true, true, true]]) } },
};

function run(policy: string, c: Case): { y: tf.Tensor; grads: (tf.Tensor | null)[]; dx: tf.Tensor; layer: Layer } {
  return policyScope(policy, () => {
    const layer = c.make();
    const input = tf.variable(c.input());
    layer.apply(input, c.args); // build
    const tape = new tf.GradientTape();
    const [y, loss] = tape.record(() => {
      const y = layer.apply(input, c.args);
      // weights make every output element matter to the loss
      return [y, tf.sum(tf.mul(y.cast("float32"), tf.randomUniform(y.shape as number[], 0.5, 1.5, "float32", 7)))] as const;
    });
    const grads = tape.gradient(loss, [...layer.trainableWeights, input]);
    return { y, grads: grads.slice(0, -1), dx: grads[grads.length - 1]!, layer };
  });
}

for (const [name, c] of Object.entries(cases)) {
  test(`${name} under float32, mixed_float16 and mixed_bfloat16`, () => {
    const ref = run("float32", c);
    assert.equal(ref.y.dtype, "float32");
    for (const [policy, compute, tol] of [["mixed_float16", "float16", 2e-2], ["mixed_bfloat16", "bfloat16", 6e-2]] as const) {
      const r = run(policy, c);
      assert.equal(String(r.layer.dtypePolicy), `<Policy "${policy}">`);
      assert.equal(r.layer.computeDtype, compute);
      assert.equal(r.layer.dtype, "float32");
      assert.equal(r.y.dtype, compute, `${name} ${policy}: output dtype`);
      assert.deepEqual(r.y.shape, ref.y.shape);
      assertClose(r.y.dataSync(), ref.y.dataSync(), tol, tol, `${name} ${policy} outputs`);
      r.layer.weights.forEach((w) => assert.equal(w.dtype, "float32"));
      r.grads.forEach((g, i) => {
        assert.equal(g!.dtype, "float32", `${name} ${policy}: weight gradient dtype`);
        assertClose(g!.dataSync(), ref.grads[i]!.dataSync(), tol, tol * 4, `${name} ${policy} weight gradient ${i}`);
      });
      assert.equal(r.dx.dtype, "float32", "the input variable's gradient is float32 (cast back)");
      assertClose(r.dx.dataSync(), ref.dx.dataSync(), tol, tol * 4, `${name} ${policy} input gradient`);
    }
  });
}

test("Dense(2, mixed_float16) on ones(4, 4): float16 output, float32 kernel", () => {
  const dense = new Dense(2, { dtype: "mixed_float16", kernelInitializer: "ones" });
  const y = dense.apply(tf.ones([4, 4]));
  assert.equal(y.dtype, "float16");
  assert.equal(dense.kernel.dtype, "float32");
  assert.deepEqual([...y.dataSync()], [4, 4, 4, 4, 4, 4, 4, 4]);
  assert.equal(dense.bias!.dtype, "float32");
  assert.equal(dense.kernel.name, `${dense.name}/kernel`);
});

test("autocast: integer inputs are not cast; autocast: false keeps float32 inputs and variables", () => {
  class Echo extends Layer {
    call(inputs: tf.Tensor): tf.Tensor {
      return inputs;
    }
  }
  assert.equal(new Echo({ dtype: "mixed_float16" }).apply(tf.tensor([1, 2], [2], "int32")).dtype, "int32");
  assert.equal(new Echo({ dtype: "mixed_float16" }).apply(tf.tensor([1, 2])).dtype, "float16");
  assert.equal(new Echo({ dtype: "mixed_float16", autocast: false }).apply(tf.tensor([1, 2])).dtype, "float32");
  const d = new Dense(2, { dtype: "mixed_bfloat16", autocast: false });
  assert.equal(d.apply(tf.ones([1, 3])).dtype, "float32");
});

test("variables read cast only inside a call; a custom layer gets autocast too", () => {
  class Scale extends Layer {
    w!: tf.Variable;
    override build(): void {
      this.w = this.addWeight("w", [], { initializer: "ones" });
    }
    call(inputs: tf.Tensor): tf.Tensor {
      assert.equal(tf.mul(this.w, 1).dtype, "bfloat16");
      return tf.mul(inputs, this.w);
    }
  }
  const s = new Scale({ dtype: "mixed_bfloat16" });
  assert.equal(s.apply(tf.ones([2])).dtype, "bfloat16");
  assert.equal(s.w.dtype, "float32");
  assert.equal(tf.mul(s.w, 1).dtype, "float32"); // outside the call
});

test("symbolic apply infers shapes and dtypes, the guide's way", () => {
  policyScope("mixed_float16", () => {
    const inputs = Input({ shape: [784], name: "digits" });
    assert.deepEqual(inputs.shape, [null, 784]);
    assert.equal(inputs.dtype, "float32");
    const dense1 = new Dense(64, { activation: "relu", name: "dense_1" });
    const x = dense1.apply(inputs);
    assert.equal(x.dtype, "float16");
    assert.deepEqual(x.shape, [null, 64]);
    assert.equal(dense1.kernel.dtype, "float32");
    const wrong = new Dense(10, { activation: "softmax" }).apply(x);
    assert.equal(wrong.dtype, "float16");
    const logits = new Dense(10, { name: "dense_logits" }).apply(x);
    const outputs = new Activation("softmax", { dtype: "float32", name: "predictions" }).apply(logits);
    assert.equal(outputs.dtype, "float32");
    assert.equal(outputs.history!.layer.name, "predictions");
    assert.deepEqual(new Flatten().apply(Input({ shape: [28, 28] })).shape, [null, 784]);
    assert.deepEqual(new Reshape([7, -1]).apply(Input({ shape: [28] })).shape, [null, 7, 4]);
  });
});

test("layer errors", () => {
  assert.throws(() => new Dense(0), /Received an invalid value for `units`, expected a positive integer\. Received: units=0/);
  assert.throws(() => new Dense(2, { activaton: "relu" } as never), /Keyword argument not understood: 'activaton' is not an option of Dense; did you mean 'activation'\? Valid options are: activation, useBias/);
  assert.throws(() => new Dense(2, { activation: "nope" }), /Unknown activation function: 'nope'/);
  assert.throws(() => new Dense(2).apply(Input({ shape: [null] })), /The last dimension of the inputs to a Dense layer should be defined\. Found None\. Full input shape received: \(None, None\)/);
  const d = new Dense(2);
  d.apply(tf.ones([1, 3]));
  assert.throws(() => d.apply(tf.ones([1, 4])), /Input 0 of layer "dense(_\d+)?" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape \(1, 4\)/);
  assert.throws(() => new Dropout(1.5), /Expected a float value between 0 and 1\. Received: rate=1\.5/);
  assert.throws(() => new Reshape([5]).apply(tf.ones([2, 6])), /total size of new array must be unchanged, input_shape = \(6,\), output_shape = \(5,\)/);
  assert.throws(() => new Dense(2, { dtype: "mixed_float32" }), /Cannot convert value mixed_float32 to a mixed precision Policy/);
});

test("layer names are unique per class; weights and params", () => {
  const a = new Dense(2);
  const b = new Dense(2);
  assert.notEqual(a.name, b.name);
  assert.match(b.name, /^dense_\d+$/);
  a.apply(tf.ones([1, 3]));
  assert.equal(a.countParams(), 3 * 2 + 2);
  assert.equal(a.trainableWeights.length, 2);
  a.trainable = false;
  assert.equal(a.trainableWeights.length, 0);
  assert.equal(a.nonTrainableWeights.length, 2);
});

test("Dropout: identity at inference, inverted dropout in training", () => {
  const d = new Dropout(0.5, { seed: 1 });
  const ones = tf.ones([1000]);
  assert.deepEqual([...d.apply(ones).dataSync()], [...ones.dataSync()]);
  const y = d.apply(ones, { training: true }).dataSync();
  assert.ok(y.every((v) => v === 0 || v === 2));
  const kept = y.filter((v) => v === 2).length;
  assert.ok(kept > 430 && kept < 570, `kept ${kept}`);
  assert.notDeepEqual([...d.apply(ones, { training: true }).dataSync()], [...y]); // a new mask per call
});

test("Softmax mask is float16-safe", () => {
  const s = new Softmax({ dtype: "mixed_float16" });
  const y = s.apply(tf.tensor([[1, 2, 3]]), { mask: tf.tensor([[true, false, true]]) });
  assert.equal(y.dtype, "float16");
  const v = y.dataSync();
  assert.equal(v[1], 0);
  assertClose(v, [0.1192, 0, 0.8808], 2e-3, 1e-3);
});
