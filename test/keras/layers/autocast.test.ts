/**
 * What autocast does not cast. Values are chosen so that 16-bit rounding changes them and
 * float32 holds every product exactly: 1 + 2^-11 and 1 + 2^-12 both round to 1 in float16
 * (10 fraction bits; 1 + 2^-11 is a tie, to even) and in bfloat16 (7 fraction bits), and
 * (1 + 2^-12)(1 + 2^-11) = 1 + 2^-11 + 2^-12 + 2^-23 fits float32's 23 fraction bits.
 * So a read-back equal to that product proves neither factor was rounded to 16 bits.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Constant } from "../../../src/keras/initializers/initializer.js";
import { Dense, Layer } from "../../../src/keras/layers/index.js";

const kernelValue = 1 + 2 ** -11;
const inputValue = 1 + 2 ** -12;
const exactProduct = 1 + 2 ** -11 + 2 ** -12 + 2 ** -23;

for (const policy of ["mixed_float16", "mixed_bfloat16"]) {
  test(`${policy} Dense with autocast: false computes in float32 from its float32 kernel and inputs`, () => {
    const dense = new Dense(1, { dtype: policy, autocast: false, useBias: false, kernelInitializer: new Constant({ value: kernelValue }) });
    const y = dense.apply(tf.tensor([[inputValue]]));
    assert.equal(y.dtype, "float32");
    // A 16-bit kernel would give 1 + 2^-12, a 16-bit input 1 + 2^-11, both 1.
    assert.deepEqual([...y.dataSync()], [exactProduct]);
    assert.deepEqual([...dense.kernel.dataSync()], [kernelValue]);
  });

  test(`${policy} Dense with autocast on rounds both factors (the control for the case above)`, () => {
    const dense = new Dense(1, { dtype: policy, useBias: false, kernelInitializer: new Constant({ value: kernelValue }) });
    const y = dense.apply(tf.tensor([[inputValue]]));
    assert.notEqual(y.dtype, "float32");
    assert.deepEqual([...y.dataSync()], [1]);
    assert.deepEqual([...dense.kernel.dataSync()], [kernelValue], "the float32 kernel itself is not rounded");
  });
}

test("inside a call only the layer's own float variables read as the compute dtype", () => {
  const plain = tf.tensor([kernelValue]);
  const userVariable = tf.variable(tf.tensor([kernelValue]));
  const seen: Record<string, [string, number]> = {};
  class Probe extends Layer {
    w!: tf.Variable;
    count!: tf.Variable;
    override build(): void {
      this.w = this.addWeight("w", [1], { initializer: new Constant({ value: kernelValue }) });
      this.count = this.addWeight("count", [1], { initializer: "ones", dtype: "int32", trainable: false });
    }
    call(inputs: tf.Tensor): tf.Tensor {
      const read = (name: string, t: tf.Tensor) => {
        const r = tf.mul(t, 1); // a weak 1 takes the dtype the op reads t as
        seen[name] = [r.dtype, r.dataSync()[0]!];
      };
      read("layer weight", this.w);
      read("layer int32 weight", this.count);
      read("float32 tensor", plain);
      read("variable made outside the layer", userVariable);
      read("input", inputs);
      return inputs;
    }
  }
  new Probe({ dtype: "mixed_bfloat16" }).apply(tf.tensor([inputValue]));
  assert.deepEqual(seen, {
    "layer weight": ["bfloat16", 1],
    "layer int32 weight": ["int32", 1],
    "float32 tensor": ["float32", kernelValue],
    "variable made outside the layer": ["float32", kernelValue],
    input: ["bfloat16", 1],
  });
});
