/**
 * LossScaleOptimizer: the scenarios of Keras's loss_scale_optimizer_test.py with its
 * numbers, the custom-training-loop recipe of the mixed precision guide, and the
 * trainer's fused path (`applyScaledGradients`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Adam, deserialize, type Optimizer, RMSprop, serialize, SGD } from "../../../src/keras/optimizers/index.js";
import { LossScaleOptimizer } from "../../../src/keras/mixed-precision/loss-scale-optimizer.js";
import { Dense } from "../../../src/keras/layers/index.js";
import { Sequential } from "../../../src/keras/models/index.js";
import { captureStderr } from "../optimizers/warnings.js";

const lso = (inner: Optimizer, options?: ConstructorParameters<typeof LossScaleOptimizer>[1]) => new LossScaleOptimizer(inner, options);

test("testScalingWarning / testScalingNoWarning: Keras's texts when getScaledLoss or getUnscaledGradients is missing", () => {
  const v = tf.variable(tf.scalar(1));
  let opt = lso(new SGD());
  let out = captureStderr(() => opt.applyGradients([[tf.scalar(1), v]]));
  assert.match(
    out,
    /WARNING:kerats:You forgot to call LossScaleOptimizer.getScaledLoss\(\) and LossScaleOptimizer.getUnscaledGradients\(\) before calling LossScaleOptimizer.applyGradients\(\)/,
  );
  assert.match(out, /opt.getUnscaledGradients\(scaledGrads\)/);
  // Once per optimizer: a training loop does not repeat it every step.
  assert.equal(
    captureStderr(() => opt.applyGradients([[tf.scalar(1), v]])),
    "",
  );

  opt = lso(new SGD());
  opt.getScaledLoss(tf.scalar(1));
  out = captureStderr(() => opt.applyGradients([[tf.scalar(1), v]]));
  assert.match(
    out,
    /You forgot to call LossScaleOptimizer.getUnscaledGradients\(\) before calling LossScaleOptimizer.applyGradients\(\) \(you did call getScaledLoss\(\) however\)/,
  );

  opt = lso(new SGD());
  opt.getUnscaledGradients([tf.scalar(1)]);
  out = captureStderr(() => opt.applyGradients([[tf.scalar(1), v]]));
  assert.match(
    out,
    /You forgot to call LossScaleOptimizer.getScaledLoss\(\) before calling LossScaleOptimizer.applyGradients\(\) \(you did call getUnscaledGradients\(\) however\)/,
  );

  opt = lso(new SGD());
  out = captureStderr(() => {
    opt.getScaledLoss(tf.scalar(1));
    opt.getUnscaledGradients([tf.scalar(1)]);
    opt.applyGradients([[tf.scalar(1), v]]);
  });
  assert.equal(out, "");

  opt = lso(new SGD());
  out = captureStderr(() => opt.applyScaledGradients([[tf.scalar(1), v]]));
  assert.match(out, /You forgot to call LossScaleOptimizer.getScaledLoss\(\) before calling LossScaleOptimizer.applyScaledGradients\(\)/);
});

test("testGetScaledLoss and testGetUnscaledGradients: fixed scale 2", () => {
  const opt = lso(new SGD(), { dynamic: false, initialScale: 2 });
  assert.deepEqual([...opt.getScaledLoss(5).dataSync()], [10]);
  const loss = tf.scalar(5);
  assert.deepEqual([...opt.getScaledLoss(loss).dataSync()], [10]);
  assert.deepEqual(
    [
      ...opt
        .getScaledLoss(() => loss)()
        .dataSync(),
    ],
    [10],
  );
  const loss16 = tf.scalar(5, "float16");
  const scaled16 = opt.getScaledLoss(loss16);
  assert.equal(scaled16.dtype, "float16");
  assert.deepEqual([...scaled16.dataSync()], [10]);
  assert.equal(opt.getScaledLoss(() => loss16)().dtype, "float16");

  const grads = opt.getUnscaledGradients([tf.scalar(3), null, tf.scalar(-4, "float16")]);
  assert.equal(grads[1], null);
  assert.equal(grads[0]!.dtype, "float32");
  assert.equal(grads[2]!.dtype, "float16");
  assert.deepEqual([grads[0]!.dataSync()[0], grads[1], grads[2]!.dataSync()[0]], [1.5, null, -2]);
  assert.throws(() => opt.getUnscaledGradients([tf.scalar(1, "int32")]), /gradient 0 must be a floating-point Tensor or null/);
  assert.throws(() => opt.getScaledLoss(tf.scalar(1, "int32")), /the loss must be a floating-point tensor/);
});

test("testDynamicAttrsWithFixedLossScale and testDynamicLossScaleDefaultValues", () => {
  const fixed = lso(new SGD(), { dynamic: false, initialScale: 2 });
  assert.equal(fixed.dynamic, false);
  assert.equal(fixed.dynamicCounter, null);
  assert.equal(fixed.dynamicGrowthSteps, null);
  assert.equal(fixed.initialScale, 2);
  assert.equal(fixed.lossScale, 2);
  const dynamic = lso(new SGD());
  assert.equal(dynamic.dynamic, true);
  assert.equal(dynamic.initialScale, 2 ** 15);
  assert.equal(dynamic.dynamicGrowthSteps, 2000);
  assert.equal(dynamic.lossScale, 2 ** 15);
  assert.equal(dynamic.dynamicCounter, 0);
  assert.throws(() => ((dynamic as unknown as { lossScale: number }).lossScale = 1), /Cannot set property lossScale of .* which has only a getter/); // read-only
});

test("testDynamicUpdate through a GradientTape (the guide's loop): v [1, 2] -> [-1, 0], scale 4; a NaN loss skips and halves", () => {
  const v = tf.variable(tf.tensor([1, 2]));
  const inner = new SGD({ learningRate: 1 });
  const opt = lso(inner, { initialScale: 2, dynamicGrowthSteps: 1 });
  const step = (lossFn: () => tf.Tensor) => {
    const tape = new tf.GradientTape();
    const scaledLoss = tape.record(() => opt.getScaledLoss(lossFn()));
    const scaledGrads = tape.gradient(scaledLoss, [v]);
    assert.equal(scaledGrads[0]!.dataSync()[0], 2 * opt.lossScale); // the gradient really was scaled
    opt.applyGradients(opt.getUnscaledGradients(scaledGrads), [v]);
  };
  step(() => tf.sum(tf.mul(v, 2)));
  assert.deepEqual([...v.dataSync()], [-1, 0]); // gradient 2 subtracted
  assert.equal(opt.lossScale, 4); // doubled from 2
  assert.equal(opt.dynamicCounter, 0);
  assert.equal(opt.iterations, 1);

  const tape = new tf.GradientTape();
  const scaledLoss = tape.record(() => opt.getScaledLoss(tf.sum(tf.mul(v, NaN))));
  opt.applyGradients(opt.getUnscaledGradients(tape.gradient(scaledLoss, [v])), [v]);
  assert.deepEqual([...v.dataSync()], [-1, 0]); // unchanged
  assert.equal(opt.lossScale, 2); // halved
  assert.equal(opt.dynamicCounter, 0);
  // Keras counts the skipped step (testIterationsIncremented): the inner optimizer's iterations advance.
  assert.equal(inner.iterations, 2);
});

test("testDynamicUpdate and testIterationsIncremented through minimize", () => {
  const v = tf.variable(tf.tensor([1, 2]));
  const opt = lso(new SGD({ learningRate: 1 }), { initialScale: 2, dynamicGrowthSteps: 1 });
  opt.minimize(() => tf.mul(v, 2), [v]);
  assert.deepEqual([...v.dataSync()], [-1, 0]);
  assert.equal(opt.lossScale, 4);
  opt.minimize(() => tf.mul(v, NaN), [v]);
  assert.deepEqual([...v.dataSync()], [-1, 0]);
  assert.equal(opt.lossScale, 2);

  const w = tf.variable(tf.tensor([5]));
  const withDefaults = lso(new SGD({ learningRate: 1 }));
  withDefaults.minimize(() => tf.mul(w, 2), [w]);
  assert.deepEqual([...w.dataSync()], [3]);
  assert.equal(withDefaults.iterations, 1);
  withDefaults.minimize(() => tf.mul(w, NaN), [w]);
  assert.deepEqual([...w.dataSync()], [3]);
  assert.equal(withDefaults.iterations, 2);
  assert.equal(withDefaults.lossScale, 2 ** 14);
});

test("testDynamicLossScale: the scale doubles, the unscaled gradient stays 1 (var 5 -> 3 -> 1)", () => {
  const v = tf.variable(tf.tensor([5]));
  const opt = lso(new SGD({ learningRate: 2 }), { initialScale: 2, dynamicGrowthSteps: 1 });
  assert.equal(opt.initialScale, 2);
  assert.equal(opt.dynamicGrowthSteps, 1);
  let seen: number[] = [];
  const loss = () => tf.sum(v);
  const stepWithCheck = () => {
    const pairs = opt.computeGradients(loss, [v]);
    seen = [...pairs[0]![0]!.dataSync()];
    opt.applyGradients(pairs);
  };
  stepWithCheck();
  assert.deepEqual(seen, [1]);
  assert.deepEqual([...v.dataSync()], [3]);
  stepWithCheck();
  assert.deepEqual(seen, [1]);
  assert.deepEqual([...v.dataSync()], [1]);
  assert.equal(opt.lossScale, 8);
});

test("testClipping: each clip type clips the unscaled gradient; inf gradients are skipped, not clipped", () => {
  for (const clip of ["clipnorm", "globalClipnorm", "clipvalue"] as const) {
    const v = tf.variable(tf.tensor([5]));
    const opt = lso(new SGD({ learningRate: 2, [clip]: 2 }), { initialScale: 2, dynamicGrowthSteps: 1 });
    assert.equal(opt[clip], 2);
    opt.minimize(() => tf.mul(v, 4), [v]);
    assert.deepEqual([...v.dataSync()], [1], clip); // gradient 4 clipped to 2: 5 - 2·2
    assert.equal(opt.lossScale, 4);
    opt.minimize(() => tf.mul(v, Infinity), [v]);
    assert.deepEqual([...v.dataSync()], [1], clip);
    assert.equal(opt.lossScale, 2);
  }
});

test("testDynamicLossScaleWithFloat16Loss and testDynamicLossScaleWithSlots", () => {
  const v = tf.variable(tf.tensor([5]));
  const opt = lso(new SGD({ learningRate: 2 }), { initialScale: 2, dynamicGrowthSteps: 1 });
  opt.minimize(() => tf.sum(tf.cast(v, "float16")), [v]);
  assert.deepEqual([...v.dataSync()], [3]);

  const w = tf.variable(tf.tensor([1, 2]));
  const momentum = lso(new SGD({ learningRate: 1, momentum: 1 }), { initialScale: 2, dynamicGrowthSteps: 1 });
  momentum.minimize(() => tf.sum(w), [w]);
  assert.deepEqual([...w.dataSync()], [0, 1]);
  assert.equal(momentum.lossScale, 4);
  momentum.minimize(() => tf.sum(w), [w]);
  assert.deepEqual([...w.dataSync()], [-2, -1]);
  assert.equal(momentum.lossScale, 8);
  // Its own state (Keras's step_counter and dynamic_scale variables), then the inner's slots.
  assert.deepEqual(
    momentum.variables().map((s) => s.name.split("/")[1]),
    ["step_counter", "dynamic_scale", "m"],
  );
  assert.deepEqual(
    momentum
      .variables()
      .slice(0, 2)
      .map((v) => [v.dtype, v.trainable, v.dataSync()[0]]),
    [
      ["int32", false, 0],
      ["float32", false, 8],
    ],
  );
  assert.deepEqual([...momentum.getSlot(w, "m")!.dataSync()], [-2, -2]);
});

test("dynamic scale: counts to dynamicGrowthSteps, never exceeds float32, never drops below 1", () => {
  const v = tf.variable(tf.tensor([0]));
  const opt = lso(new SGD({ learningRate: 1 }), { initialScale: 8, dynamicGrowthSteps: 3 });
  const counters: number[] = [];
  const scales: number[] = [];
  for (let i = 0; i < 4; i++) {
    opt.applyGradients([tf.tensor([1])], [v]);
    counters.push(opt.dynamicCounter!);
    scales.push(opt.lossScale);
  }
  assert.deepEqual(counters, [1, 2, 0, 1]);
  assert.deepEqual(scales, [8, 8, 16, 16]);
  opt.applyGradients([tf.tensor([NaN])], [v]);
  assert.deepEqual([opt.dynamicCounter, opt.lossScale], [0, 8]);

  const top = lso(new SGD(), { initialScale: 2 ** 127, dynamicGrowthSteps: 1 });
  top.applyGradients([tf.tensor([0])], [v]);
  assert.equal(top.lossScale, 2 ** 127); // 2^128 is inf in float32, so Keras keeps the old scale
  const bottom = lso(new SGD(), { initialScale: 1.5 });
  bottom.applyGradients([tf.tensor([Infinity])], [v]);
  assert.equal(bottom.lossScale, 1);
  bottom.applyGradients([tf.tensor([-Infinity])], [v]);
  assert.equal(bottom.lossScale, 1);
});

test("a skipped step leaves the inner optimizer untouched: no slots, weights or learning rate change", () => {
  const a = tf.variable(tf.tensor([1, 2]));
  const b = tf.variable(tf.tensor([3]));
  const inner = new Adam({ learningRate: 0.1 });
  const opt = lso(inner);
  opt.applyGradients([tf.tensor([1, 1]), tf.tensor([NaN])], [a, b]);
  assert.deepEqual([...a.dataSync()], [1, 2]);
  assert.deepEqual([...b.dataSync()], [3]);
  assert.deepEqual(inner.variables(), []);
  assert.equal(opt.lossScale, 2 ** 14);
  opt.applyGradients([tf.tensor([1, 1]), tf.tensor([1])], [a, b]);
  const m = inner.getSlot(a, "m")!.dataSync();
  opt.applyGradients([tf.tensor([Infinity, 1]), tf.tensor([1])], [a, b]);
  assert.deepEqual([...inner.getSlot(a, "m")!.dataSync()], [...m]);
  assert.equal(inner.iterations, 3);
  assert.equal(opt.lossScale, 2 ** 13);
});

test("a fixed scale applies every step, non-finite ones included, as in Keras", () => {
  const v = tf.variable(tf.tensor([1]));
  const opt = lso(new SGD({ learningRate: 1 }), { dynamic: false, initialScale: 4 });
  opt.applyGradients([tf.tensor([NaN])], [v]);
  assert.ok(Number.isNaN(v.dataSync()[0]));
  assert.equal(opt.lossScale, 4);
});

test("applyScaledGradients: unscaling fused into the kernel with the pre-update scale", () => {
  const v = tf.variable(tf.tensor([1, 2]));
  const opt = lso(new SGD({ learningRate: 1 }), { initialScale: 2, dynamicGrowthSteps: 1 });
  const tape = new tf.GradientTape();
  const scaledLoss = tape.record(() => opt.getScaledLoss(tf.sum(tf.mul(v, 2))));
  opt.applyScaledGradients(tape.gradient(scaledLoss, [v]), [v]);
  assert.deepEqual([...v.dataSync()], [-1, 0]);
  assert.equal(opt.lossScale, 4);
  opt.applyScaledGradients([[tf.tensor([Infinity, 0]), v]]);
  assert.deepEqual([...v.dataSync()], [-1, 0]);
  assert.equal(opt.lossScale, 2);

  // A float16 gradient of 2^-10 under scale 2^15 is 2^-25 unscaled: below float16's
  // smallest subnormal, so Keras's getUnscaledGradients flushes it to 0, while the
  // fused float32 unscale keeps it.
  const scale = 2 ** 15;
  const g16 = tf.tensor([2 ** -10], [1], "float16");
  const a = tf.variable(tf.tensor([1]));
  const b = tf.variable(tf.tensor([1]));
  const fused = lso(new SGD({ learningRate: 2 ** 20 }), { dynamic: false, initialScale: scale });
  fused.getScaledLoss(tf.scalar(0));
  fused.applyScaledGradients([g16], [a]);
  assert.deepEqual([...a.dataSync()], [1 - 2 ** -5]);
  const separate = lso(new SGD({ learningRate: 2 ** 20 }), { dynamic: false, initialScale: scale });
  const unscaled = separate.getUnscaledGradients([g16]);
  assert.deepEqual([...unscaled[0]!.dataSync()], [0]);
  separate.applyGradients(unscaled, [b]);
  assert.deepEqual([...b.dataSync()], [1]);

  // With clipping the inner optimizer unscales before clipping.
  const c = tf.variable(tf.tensor([5]));
  const clipped = lso(new SGD({ learningRate: 2, clipvalue: 2 }), { dynamic: false, initialScale: 8 });
  clipped.getScaledLoss(tf.scalar(0));
  clipped.applyScaledGradients([tf.tensor([8 * 4])], [c]);
  assert.deepEqual([...c.dataSync()], [1]);
});

// RMSprop and Adam divide by a running gradient magnitude, so a gradient k times too large
// moves the weights by the same step up to epsilon: a wrong unscale would hide in them at the
// default epsilon 1e-7. SGD's step is proportional to the gradient, and epsilon 1 makes
// RMSprop and Adam see the gradient's size; each step must equal, bit for bit, the plain
// optimizer's step on the true gradient.
const notScaleInvariant: [string, () => Optimizer][] = [
  ["SGD", () => new SGD({ learningRate: 0.25 })],
  ["Adam (epsilon 1)", () => new Adam({ learningRate: 0.1, epsilon: 1 })],
  ["RMSprop (epsilon 1)", () => new RMSprop({ learningRate: 0.1, epsilon: 1 })],
];

for (const [name, make] of notScaleInvariant) {
  test(`${name} under the guide's recipe with float16 gradients and the default scale 2^15: the plain step on the true gradient`, () => {
    const v = tf.variable(tf.tensor([0.5, -0.25]));
    const ref = tf.variable(tf.tensor([0.5, -0.25]));
    const opt = lso(make());
    const plain = make();
    for (let i = 0; i < 3; i++) {
      const tape = new tf.GradientTape();
      const scaledLoss = tape.record(() => opt.getScaledLoss(tf.sum(tf.square(tf.cast(v, "float16")))));
      const scaledGrads = tape.gradient(scaledLoss, [v]);
      const grads = opt.getUnscaledGradients(scaledGrads);
      opt.applyGradients(grads, [v]);
      // d/dv of sum(float16(v)²) is 2·float16(v); scaling by 2^15 and back is exact in float16 here.
      const trueGrad = tf.mul(tf.cast(tf.cast(ref, "float16"), "float32"), 2);
      assert.deepEqual([...scaledGrads[0]!.dataSync()], [...tf.mul(trueGrad, 2 ** 15).dataSync()], `${name} step ${i}: the gradient was scaled`);
      assert.deepEqual([...grads[0]!.dataSync()], [...trueGrad.dataSync()], `${name} step ${i}: unscaled once`);
      plain.applyGradients([trueGrad], [ref]);
      assert.deepEqual([...v.dataSync()], [...ref.dataSync()], `${name} step ${i}: weights`);
    }
    assert.equal(opt.lossScale, 2 ** 15);
    assert.equal(opt.dynamicCounter, 3);
    assert.notDeepEqual([...v.dataSync()], [0.5, -0.25]);
  });
}

test("SGD's first step under the guide's recipe, by hand: v [0.5, -0.25] -> [0.25, -0.125]", () => {
  // Gradient 2v = [1, -0.5] times learning rate 0.25; unscaling twice would leave v almost
  // unchanged, not unscaling would move it by 2^15 times the step.
  const v = tf.variable(tf.tensor([0.5, -0.25]));
  const opt = lso(new SGD({ learningRate: 0.25 }));
  const tape = new tf.GradientTape();
  const scaledLoss = tape.record(() => opt.getScaledLoss(tf.sum(tf.square(tf.cast(v, "float16")))));
  opt.applyGradients(opt.getUnscaledGradients(tape.gradient(scaledLoss, [v])), [v]);
  assert.deepEqual([...v.dataSync()], [0.25, -0.125]);
});

test("fit under mixed_float16 (the fused unscale): one step equals the float32 model's step on the same data", async () => {
  // Prediction 0 and target 1/16: d(mse)/d(kernel) = -2·(1/16)·x = [-1/8, -1/16], which the
  // float16 graph carries as [-4096, -2048] under the scale 2^15, exactly.
  const x = tf.tensor([[1, 0.5]]);
  const y = tf.tensor([[1 / 16]]);
  for (const [name, make] of notScaleInvariant) {
    const kernels = [];
    for (const policy of ["mixed_float16", "float32"]) {
      const model = tf.mixedPrecision.policyScope(
        policy,
        () => new Sequential([new Dense(1, { inputShape: [2], useBias: false, kernelInitializer: "zeros" })]),
      );
      model.compile({ loss: "mse", optimizer: make() });
      assert.equal(model.optimizer instanceof LossScaleOptimizer, policy === "mixed_float16");
      await model.fit(x, y, { verbose: 0 });
      kernels.push([...(model.getWeights()[0] as tf.Tensor).dataSync()]);
      if (model.optimizer instanceof LossScaleOptimizer) assert.deepEqual([model.optimizer.lossScale, model.optimizer.dynamicCounter], [2 ** 15, 1]);
    }
    assert.deepEqual(kernels[0], kernels[1], `${name}: mixed_float16 and float32 kernels after one step`);
    if (name === "SGD") assert.deepEqual(kernels[0], [1 / 32, 1 / 64]); // 0.25 · [1/8, 1/16]
  }
});

test("null gradients: kept by getUnscaledGradients, skipped by applyGradients; all null is Keras's error with no state change", () => {
  const a = tf.variable(tf.tensor([1]), { name: "a" });
  const b = tf.variable(tf.tensor([1]), { name: "b" });
  const opt = lso(new SGD({ learningRate: 1 }), { initialScale: 4, dynamicGrowthSteps: 2 });
  opt.getScaledLoss(tf.scalar(0));
  const grads = opt.getUnscaledGradients([tf.tensor([4]), null]);
  captureStderr(() => opt.applyGradients(grads, [a, b]));
  assert.deepEqual([...a.dataSync(), ...b.dataSync()], [0, 1]);
  assert.equal(opt.dynamicCounter, 1);
  assert.throws(() => opt.applyGradients([null, null], [a, b]), /No gradients provided for any variable: \['a', 'b'\]/);
  assert.deepEqual([opt.dynamicCounter, opt.lossScale, opt.iterations], [1, 4, 1]);
});

test("an invalid pair changes nothing: not the weights, the scale, the counter or the iterations", () => {
  const a = tf.variable(tf.tensor([1, 2]), { name: "a" });
  const b = tf.variable(tf.tensor([1, 2]), { name: "b" });
  const opt = lso(new SGD({ learningRate: 1 }), { initialScale: 4, dynamicGrowthSteps: 1 });
  assert.throws(() => opt.applyGradients([tf.tensor([NaN, 1]), tf.ones([3])], [a, b]), /the gradient for 'b' has shape \[3\]/);
  assert.throws(() => opt.applyScaledGradients([tf.ones([2]), tf.ones([2], "int32")], [a, b]), /must be float32, float16 or bfloat16/);
  assert.deepEqual([opt.lossScale, opt.dynamicCounter, opt.iterations], [4, 0, 0]);
  assert.deepEqual([...a.dataSync(), ...b.dataSync()], [1, 2, 1, 2]);
});

test("delegation: learningRate, iterations (testIterations), clipping and slots are the inner optimizer's", () => {
  const inner = new SGD({ learningRate: 2, clipnorm: 3 });
  const opt = lso(inner, { dynamic: false, initialScale: 10 });
  assert.equal(opt.learningRate, 2);
  opt.learningRate = 0.5;
  assert.equal(inner.learningRate, 0.5);
  opt.iterations = 7;
  assert.equal(opt.iterations, 7);
  assert.equal(inner.iterations, 7);
  assert.equal(opt.clipnorm, 3);
  assert.equal(opt.innerOptimizer, inner);
  const v = tf.variable(tf.zeros([2]), { name: "w" });
  const adam = new Adam();
  const wrappedAdam = lso(adam);
  wrappedAdam.build([v]);
  assert.deepEqual(wrappedAdam.variables().slice(2), adam.variables());
  assert.equal(wrappedAdam.getSlot(v, "v"), adam.getSlot(v, "v"));
});

test("constructor errors: Keras's texts in camelCase", () => {
  assert.throws(
    () => lso(new SGD(), { dynamic: false }),
    (e: Error) => e.name === "ValueError" && e.message === '"initialScale" must be specified if "dynamic" is false',
  );
  assert.throws(
    () => lso(new SGD(), { dynamic: false, initialScale: 1, dynamicGrowthSteps: 2 }),
    /"dynamicGrowthSteps" must be null if "dynamic" is false, but got: 2/,
  );
  assert.throws(
    () => lso(new SGD(), { dynamic: "dynamic" as never }),
    /"dynamic" argument to LossScaleOptimizer's constructor must be a bool, but got: 'dynamic'/,
  );
  assert.throws(() => lso(new SGD(), "dynamic" as never), /Argument 'options' of LossScaleOptimizer must be an object/);
  assert.throws(
    () => lso(lso(new SGD())),
    (e: Error) => e instanceof TypeError && /LossScaleOptimizer cannot wrap another LossScaleOptimizer/.test(e.message),
  );
  const inner = new SGD();
  lso(inner);
  assert.throws(
    () => lso(inner),
    /"innerOptimizer" is already wrapped by a LossScaleOptimizer. An optimizer can only be wrapped by a single LossScaleOptimizer/,
  );
  assert.throws(
    () => new LossScaleOptimizer(1 as never),
    (e: Error) => e instanceof TypeError && /"innerOptimizer" must be an instance of `keras.optimizers.Optimizer`, but got: 1/.test(e.message),
  );
  assert.throws(() => lso(new SGD(), { initialScale: 0 }), /`initialScale` must be a positive finite number. Received: initialScale=0/);
  assert.throws(() => lso(new SGD(), { dynamicGrowthSteps: 1.5 }), /`dynamicGrowthSteps` must be a positive integer/);
  assert.throws(
    () => lso(new SGD(), { initial_scale: 2 } as never),
    /Keyword argument not understood: 'initial_scale' is not an option of LossScaleOptimizer; did you mean 'initialScale'\?/,
  );
});

test("testGetConfigFixed, testGetConfigDynamic and serialization (testSerializationWithBuiltInOptimizer)", () => {
  const fixed = LossScaleOptimizer.fromConfig(lso(new SGD({ learningRate: 2, momentum: 0.5 }), { dynamic: false, initialScale: 2 }).getConfig());
  assert.ok(fixed instanceof LossScaleOptimizer);
  assert.equal(fixed.learningRate, 2);
  assert.equal((fixed.innerOptimizer as SGD).momentum, 0.5);
  assert.deepEqual([fixed.lossScale, fixed.initialScale, fixed.dynamicGrowthSteps, fixed.dynamicCounter, fixed.dynamic], [2, 2, null, null, false]);
  const v = tf.variable(tf.tensor([5]));
  fixed.minimize(() => tf.sum(v), [v]);
  assert.deepEqual([...v.dataSync()], [3]);

  const original = lso(new SGD({ learningRate: 2, momentum: 0.5 }), { initialScale: 2, dynamicGrowthSteps: 3 });
  const config = original.getConfig();
  assert.deepEqual(config, {
    name: "loss_scale_optimizer",
    innerOptimizer: {
      module: "keras.optimizers",
      className: "SGD",
      config: { ...new SGD({ learningRate: 2, momentum: 0.5 }).getConfig() },
      registeredName: null,
    },
    dynamic: true,
    initialScale: 2,
    dynamicGrowthSteps: 3,
  });
  const dynamic = LossScaleOptimizer.fromConfig(JSON.parse(JSON.stringify(config)));
  assert.deepEqual([dynamic.learningRate, dynamic.lossScale, dynamic.dynamicGrowthSteps, dynamic.dynamic], [2, 2, 3, true]);
  const w = tf.variable(tf.tensor([5]));
  dynamic.minimize(() => tf.sum(w), [w]);
  assert.deepEqual([...w.dataSync()], [3]);
  assert.equal(dynamic.dynamicCounter, 1);

  const serialized = serialize(original);
  assert.equal(serialized.className, "LossScaleOptimizer");
  const back = deserialize(serialized, { LossScaleOptimizer });
  assert.ok(back instanceof LossScaleOptimizer);
  assert.deepEqual(back.getConfig(), config);
});

test("a step whose inner update throws changes nothing: scale, counter, weights and iterations stay", () => {
  const { LearningRateSchedule } = tf.keras.optimizers;
  class NaNAfterFirst extends LearningRateSchedule {
    call(step: number): number {
      return step === 0 ? 0.5 : NaN;
    }
    getConfig(): Record<string, unknown> {
      return {};
    }
  }
  const v = tf.variable(tf.tensor([1, 2]));
  const opt = lso(new SGD({ learningRate: new NaNAfterFirst() }), { initialScale: 8, dynamicGrowthSteps: 2 });
  opt.applyScaledGradients([tf.tensor([8, 16])], [v]); // unscaled [1, 2]: v -= 0.5·g
  assert.deepEqual(Array.from(v.dataSync()), [0.5, 1]);
  assert.deepEqual([opt.lossScale, opt.dynamicCounter, opt.iterations], [8, 1, 1]);
  // The second finite step would double the scale and reset the counter; the schedule's NaN refuses it first.
  assert.throws(() => opt.applyScaledGradients([tf.tensor([8, 16])], [v]), /NaNAfterFirst\.call\(1\) must return a finite number, but returned: NaN/);
  assert.deepEqual(Array.from(v.dataSync()), [0.5, 1]);
  assert.deepEqual([opt.lossScale, opt.dynamicCounter, opt.iterations, opt.lastStepSkipped], [8, 1, 1, false]);
});
