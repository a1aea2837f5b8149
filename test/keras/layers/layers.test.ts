/**
 * Every layer under float32, mixed_float16 and mixed_bfloat16: weights stay float32,
 * outputs come in the compute dtype, gradients with respect to the weights are float32.
 * Values are checked against the same layer in float64 fed the inputs and weights the
 * run itself sees (rounded to the compute dtype), so what differs is the run's own
 * rounding, and each tolerance counts those roundings (see Case).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Activation, Dense, Dropout, Flatten, Input, Layer, Reshape, Softmax } from "../../../src/keras/layers/index.js";
import { policyScope } from "../../../src/keras/mixed-precision/global-policy.js";
import { assertClose, unitRoundoff } from "../../helpers.js";

/**
 * Error bounds, from the rounding each op documents: a result rounded to the compute dtype
 * is within u·|value| of its exact value (u: the unit roundoff), and float32 work inside an
 * op (accumulation, a transcendental) within `float32Steps`·u32 relative to the magnitudes
 * it combines. An accumulation of k terms counts k; exp and erf are documented within
 * 1.2 ulps and gelu within 2.02 (an ulp is at most 2·u32 of the value), so they count 4 or 5.
 */
interface Case {
  make: () => Layer;
  input: () => tf.Tensor;
  args?: { training?: boolean; mask?: tf.Tensor };
  /**
   * The values rounded to the compute dtype on the way to the output, computed in float64
   * from what the run sees (default: the output itself); each contributes u·|value|.
   */
  rounds?: (x: tf.Tensor, weights: tf.Tensor[]) => tf.Tensor[];
  outputFloat32Steps: number;
  /** 16-bit rounded ops of the gradient rule after dy is rounded to the compute dtype. */
  gradRounded: number;
  gradFloat32Steps: number;
  /**
   * Made of sums of products (and exact steps such as relu's mask or reshapes): the same
   * float64 run on absolute values gives, element by element, the magnitudes every rounding
   * acts on (|x|·|W| + |b| for Dense's outputs, |x|ᵀ·|dy| for its kernel gradient).
   * Otherwise outputs scale with |reference| and gradients with `gradScale`.
   */
  linear?: true;
  /** The largest term the gradient rule combines (float64). */
  gradScale?: (y: tf.Tensor, dy: tf.Tensor, dx: tf.Tensor) => number;
}

const maxAbs = (t: tf.Tensor): number => Math.max(0, ...Array.from(t.dataSync(), Math.abs));

// Dense rounds x·W and then x·W + b (relu after that is exact; native may fuse the bias
// into the matmul and round once, within the same bound).
const denseRounds = (x: tf.Tensor, [kernel, bias]: tf.Tensor[]): tf.Tensor[] => {
  const m = tf.reshape(tf.matmul(tf.reshape(x, [-1, x.shape[x.rank - 1]!]), kernel!), [...x.shape.slice(0, -1), kernel!.shape[1]!]);
  return bias ? [m, tf.add(m, bias)] : [m];
};
const x = () => tf.randomNormal([4, 6], 0, 1, "float32", 11);
// Gradients: the loss's float32 dy is rounded to the compute dtype, then each op of the rule
// rounds once. Dense: one matmul or sum of k <= 6 terms. Dropout: dy·mask (the 2 is exact).
// gelu: x·√½, erf, +1, x², exp, ·1/√(2π), x·pdf, cdf + ·, dy·( ) (9; ×0.5 is exact), with
// gelu'(x) and every intermediate at most max|dx| in size. Softmax: dy·y, Σ, dy - Σ, y·( )
// (4), every intermediate at most 2·max|y|·max|dy|.
const softmaxGradScale = (y: tf.Tensor, dy: tf.Tensor): number => 2 * maxAbs(y) * maxAbs(dy);
const exact = { rounds: () => [], outputFloat32Steps: 0, gradRounded: 0, gradFloat32Steps: 0, linear: true } as const;
const cases: Record<string, Case> = {
  Dense: {
    make: () => new Dense(3, { kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed: 1 }), biasInitializer: "ones" }),
    input: x,
    rounds: denseRounds,
    outputFloat32Steps: 7, // a matmul accumulating 6 terms, then the bias add
    gradRounded: 1,
    gradFloat32Steps: 6,
    linear: true,
  },
  "Dense relu, rank 3": {
    make: () => new Dense(5, { activation: "relu", kernelInitializer: new tf.keras.initializers.HeNormal({ seed: 2 }) }),
    input: () => tf.randomNormal([2, 3, 6], 0, 1, "float32", 12),
    rounds: denseRounds,
    outputFloat32Steps: 7,
    gradRounded: 1,
    gradFloat32Steps: 6,
    linear: true,
  },
  "Activation gelu": {
    make: () => new Activation("gelu"),
    input: x,
    outputFloat32Steps: 5,
    gradRounded: 9,
    gradFloat32Steps: 12,
    gradScale: (_y, _dy, dx) => maxAbs(dx),
  },
  "Activation softmax": {
    make: () => new Activation("softmax"),
    input: x,
    outputFloat32Steps: 12, // x - max, exp (4), a sum of 6, a division
    gradRounded: 4,
    gradFloat32Steps: 10,
    gradScale: softmaxGradScale,
  },
  "Dropout (training, seeded)": { make: () => new Dropout(0.5, { seed: 3 }), input: x, args: { training: true }, ...exact },
  Flatten: { make: () => new Flatten(), input: () => tf.randomNormal([2, 3, 4], 0, 1, "float32", 13), ...exact },
  Reshape: { make: () => new Reshape([3, -1]), input: x, ...exact },
  "Softmax with mask": {
    make: () => new Softmax(),
    input: x,
    args: { mask: tf.tensor([[true, true, false, true, true, true]]) },
    // x + (1 - mask)·large is exact where the mask keeps x; masked entries are 0 in both runs.
    outputFloat32Steps: 12,
    gradRounded: 4,
    gradFloat32Steps: 10,
    gradScale: softmaxGradScale,
  },
};

interface Run {
  y: tf.Tensor;
  /** The weights' gradients, then the input's. */
  grads: tf.Tensor[];
  layer: Layer;
  input: tf.Tensor;
  dy: tf.Tensor;
}

/**
 * The layer under `policy` on the case's input; with `seen`, in float64 on the input and
 * weights of the layer `seen.from` rounded to `seen.dtype` (what that run computed on),
 * or on their absolute values.
 */
function run(policy: string, c: Case, seen?: { dtype: tf.DType; from: Layer; abs?: boolean }): Run {
  return policyScope(policy, () => {
    const asSeen = (t: tf.Tensor) => {
      if (!seen) return t;
      const v = tf.cast(tf.cast(t, seen.dtype), "float64");
      return seen.abs ? tf.abs(v) : v;
    };
    const layer = c.make();
    const input = tf.variable(asSeen(c.input()));
    layer.apply(input, c.args); // build
    if (seen) layer.weights.forEach((w, i) => w.assign(asSeen(seen.from.weights[i]!)));
    const tape = new tf.GradientTape();
    const [y, loss, dy] = tape.record(() => {
      const y = layer.apply(input, c.args);
      // weights make every output element matter to the loss
      const dy = tf.randomUniform(y.shape as number[], 0.5, 1.5, "float32", 7);
      return [y, tf.sum(tf.mul(y.cast("float32"), dy)), dy] as const;
    });
    const grads = tape.gradient(loss, [...layer.trainableWeights, input]).map((g) => g!);
    return { y, grads, layer, input, dy };
  });
}

/** Asserts |actual - expected| <= allowed element by element. */
function assertWithin(actual: tf.Tensor, expected: tf.Tensor, allowed: ArrayLike<number>, what: string): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  assert.equal(a.length, e.length, `${what}: length`);
  for (let i = 0; i < e.length; i++) {
    assert.ok(Math.abs(a[i]! - e[i]!) <= allowed[i]!, `${what}[${i}]: expected ${e[i]}, got ${a[i]} (allowed error ${allowed[i]})`);
  }
}

/** Σ over `terms` of factor·|term| element by element. */
function weighted(terms: [number, tf.Tensor][], n: number): Float64Array {
  const out = new Float64Array(n);
  for (const [factor, t] of terms) t.dataSync().forEach((v, i) => (out[i] += factor * Math.abs(v)));
  return out;
}

const u32 = unitRoundoff.float32;

for (const [name, c] of Object.entries(cases)) {
  test(`${name} under float32, mixed_float16 and mixed_bfloat16, against float64`, () => {
    for (const [policy, compute] of [
      ["float32", "float32"],
      ["mixed_float16", "float16"],
      ["mixed_bfloat16", "bfloat16"],
    ] as const) {
      const r = run(policy, c);
      const ref = run("float64", c, { dtype: compute, from: r.layer });
      const abs = c.linear ? run("float64", c, { dtype: compute, from: r.layer, abs: true }) : null;
      assert.equal(String(r.layer.dtypePolicy), `<Policy "${policy}">`);
      assert.equal(r.layer.computeDtype, compute);
      assert.equal(r.layer.dtype, "float32");
      assert.equal(r.y.dtype, compute, `${name} ${policy}: output dtype`);
      assert.deepEqual(r.y.shape, ref.y.shape);
      r.layer.weights.forEach((w) => assert.equal(w.dtype, "float32"));
      const u = unitRoundoff[compute];
      const rounded = c.rounds ? c.rounds(ref.input, ref.layer.weights) : [ref.y];
      const outAllowed = weighted([...rounded.map((t): [number, tf.Tensor] => [u, t]), [c.outputFloat32Steps * u32, abs?.y ?? ref.y]], ref.y.size);
      assertWithin(r.y, ref.y, outAllowed, `${name} ${policy} outputs`);
      r.grads.forEach((g, i) => {
        const what = `${name} ${policy} ${i === r.grads.length - 1 ? "input" : `weight ${i}`} gradient`;
        assert.equal(g.dtype, "float32", `${what}: float32 (the input's cast back from the compute dtype)`);
        const want = ref.grads[i]!;
        if (abs) {
          // Rounding dy moves each term of the gradient by u relative: u·(the absolute run's gradient).
          const allowed = weighted(
            [
              [u + c.gradFloat32Steps * u32, abs.grads[i]!],
              [c.gradRounded * u, want],
            ],
            want.size,
          );
          assertWithin(g, want, allowed, what);
        } else {
          const scale = c.gradScale!(ref.y, ref.dy, want);
          assertClose(g.dataSync(), want.dataSync(), 0, ((c.gradRounded + 1) * u + c.gradFloat32Steps * u32) * scale, what);
        }
      });
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
  assert.throws(
    () => new Dense(2, { activaton: "relu" } as never),
    /Keyword argument not understood: 'activaton' is not an option of Dense; did you mean 'activation'\? Valid options are: activation, useBias/,
  );
  assert.throws(() => new Dense(2, { activation: "nope" }), /Unknown activation function: 'nope'/);
  assert.throws(
    () => new Dense(2).apply(Input({ shape: [null] })),
    /The last dimension of the inputs to a Dense layer should be defined\. Found None\. Full input shape received: \(None, None\)/,
  );
  const d = new Dense(2);
  d.apply(tf.ones([1, 3]));
  assert.throws(
    () => d.apply(tf.ones([1, 4])),
    /Input 0 of layer "dense(_\d+)?" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape \(1, 4\)/,
  );
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
  // softmax([1, 3]) = [1, e²] / (1 + e²), each within one float16 rounding (and float32 work).
  const e2 = Math.exp(2);
  assertClose(v, [1 / (1 + e2), 0, e2 / (1 + e2)], unitRoundoff.float16 + 12 * u32);
});
