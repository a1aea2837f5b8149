/**
 * The Optimizer base: argument forms, Keras's errors and warnings, checks that keep a
 * failed step from touching anything, iterations, learning rate, slots, the resolver
 * and serialization (scenarios of Keras's optimizer_test.py).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { Adam, AdamW, get, Optimizer, RMSprop, SGD, deserialize, serialize } from "../../../src/keras/optimizers/index.js";
import { ExponentialDecay } from "../../../src/keras/optimizers/schedules/index.js";
import { assertClose } from "../../helpers.js";
import { captureStderr } from "./warnings.js";

const f = Math.fround;

test("applyGradients takes (grads, vars) and Keras's zip form [[g, v], ...], and counts iterations", () => {
  const a = tf.variable(
    tf.tensor([
      [1, 2],
      [3, 4],
    ]),
  );
  const b = tf.variable(
    tf.tensor([
      [1, 2],
      [3, 4],
    ]),
  );
  const opt = new SGD({ learningRate: 1 });
  assert.equal(opt.iterations, 0);
  assert.equal(opt.applyGradients([tf.ones([2, 2])], [a]), 1);
  assert.equal(opt.applyGradients([[tf.ones([2, 2]), b]]), 2);
  assert.deepEqual([...a.dataSync()], [0, 1, 2, 3]);
  assert.deepEqual([...b.dataSync()], [0, 1, 2, 3]);
  assert.equal(opt.iterations, 2);
  opt.iterations = 7; // Keras's testSetIterations: a set count continues from there
  opt.applyGradients([[tf.ones([2, 2]), a]]);
  assert.equal(opt.iterations, 8);
  assert.throws(() => (opt.iterations = -1), /`iterations` must be a non-negative integer/);
});

test("all gradients null: Keras's error, and nothing changes", () => {
  const v = tf.variable(tf.tensor([3, 4]), { name: "v1" });
  const w = tf.variable(tf.tensor([5]), { name: "v2" });
  const opt = new SGD({ learningRate: 1, momentum: 0.5 });
  assert.throws(
    () => opt.applyGradients([null, undefined], [v, w]),
    (e: Error) => e.name === "ValueError" && e.message.startsWith("No gradients provided for any variable: ['v1', 'v2']."),
  );
  assert.equal(opt.iterations, 0);
  assert.deepEqual(opt.variables(), []);
  assert.deepEqual([...v.dataSync()], [3, 4]);
});

test("some gradients null: skipped with Keras's warning (Keras test_empty_gradients)", () => {
  const v = tf.variable(
    tf.tensor([
      [3, 4],
      [5, 6],
    ]),
    { name: "no_grad" },
  );
  const v2 = tf.variable(
    tf.tensor([
      [3, 4],
      [5, 6],
    ]),
  );
  const opt = new SGD({ learningRate: 1 });
  const out = captureStderr(() =>
    opt.applyGradients([
      [null, v],
      [tf.ones([2, 2]), v2],
    ]),
  );
  assert.match(out, /WARNING:kerats:Gradients do not exist for variables \['no_grad'\] when minimizing the loss/);
  assert.deepEqual([...v.dataSync()], [3, 4, 5, 6]);
  assert.deepEqual([...v2.dataSync()], [2, 3, 4, 5]);
});

test("an empty list is a no-op that does not count (Keras testNoGradients)", () => {
  const opt = new Adam();
  assert.equal(opt.applyGradients([], []), 0);
  assert.equal(opt.applyGradients([]), 0);
});

test("an invalid pair anywhere leaves every variable, slot and counter unchanged", () => {
  const a = tf.variable(tf.tensor([1, 2]), { name: "a" });
  const b = tf.variable(tf.tensor([1, 2]), { name: "b" });
  const half = tf.variable(tf.tensor([1, 2], [2], "float16"), { name: "half" });
  const opt = new Adam({ learningRate: 0.1 });
  const g = tf.ones([2]);
  const cases: [() => unknown, RegExp][] = [
    [() => opt.applyGradients([g, tf.ones([3])], [a, b]), /the gradient for 'b' has shape \[3\], but the variable has shape \[2\]/],
    [() => opt.applyGradients([g, tf.ones([2], "int32")], [a, b]), /the gradient for 'b' must be float32, float16 or bfloat16, but got int32/],
    [() => opt.applyGradients([g, tf.ones([2], "float64")], [a, b]), /must be float32, float16 or bfloat16, but got float64/],
    [() => opt.applyGradients([g, g], [a, half]), /variable 'half' is float16, but optimizers update float32 variables only/],
    [() => opt.applyGradients([g, g], [a, tf.ones([2])] as never), /the variable of pair 1 must be a Variable, but got: a Tensor/],
    [() => opt.applyGradients([g, [1, 1]] as never, [a, b]), /the gradient for 'b' must be a Tensor or null/],
    [() => opt.applyGradients([g], [a, b]), /got 1 gradients for 2 variables/],
    [() => opt.applyGradients([[g, a], [g]] as never), /element 1 must be a \[gradient, variable\] pair/],
    [() => opt.applyGradients(g as never), /expects \[gradient, variable\] pairs/],
  ];
  for (const [fn, message] of cases) assert.throws(fn, message);
  const disposed = tf.ones([2]);
  disposed.dispose();
  assert.throws(() => opt.applyGradients([g, disposed], [a, b]), /disposed/);
  assert.deepEqual([...a.dataSync()], [1, 2]);
  assert.deepEqual([...b.dataSync()], [1, 2]);
  assert.equal(opt.iterations, 0);
  assert.deepEqual(opt.variables(), []);
});

test("float16 and bfloat16 gradients update float32 master variables exactly", () => {
  for (const dtype of ["float16", "bfloat16"] as const) {
    const v = tf.variable(tf.tensor([1, 1, 1]));
    new SGD({ learningRate: 1 }).applyGradients([tf.tensor([0.5, 2 ** -20, -3], [3], dtype)], [v]);
    assert.equal(v.dtype, "float32");
    assert.deepEqual([...v.dataSync()], [0.5, 1 - 2 ** -20, 4]);
    // Adam on 16-bit gradients equals Adam on the same values in float32, bit for bit.
    const p16 = tf.variable(tf.tensor([1, -2, 3]));
    const p32 = tf.variable(tf.tensor([1, -2, 3]));
    const o16 = new Adam({ learningRate: 0.01 });
    const o32 = new Adam({ learningRate: 0.01 });
    for (const values of [
      [0.5, -0.25, 8],
      [0.125, 1, -2],
    ]) {
      o16.applyGradients([tf.tensor(values, [3], dtype)], [p16]);
      o32.applyGradients([tf.tensor(values)], [p32]);
    }
    assert.deepEqual([...p16.dataSync()], [...p32.dataSync()]);
    assert.notDeepEqual([...p16.dataSync()], [1, -2, 3]);
  }
});

test("slots: lazily created float32 non-trainable variables with Keras's names", () => {
  const x = tf.variable(
    tf.tensor([
      [1, 2],
      [3, 4],
    ]),
    { name: "x" },
  );
  const opt = new Adam();
  assert.equal(opt.getSlot(x, "m"), null);
  opt.applyGradients(
    [
      tf.tensor([
        [1, 2],
        [3, 4],
      ]),
    ],
    [x],
  );
  const names = opt.variables().map((v) => v.name);
  assert.deepEqual(names, ["Adam/m/x", "Adam/v/x"]); // Keras: "Adam/m/Variable", "Adam/v/Variable" (+ "iteration")
  const m = opt.getSlot(x, "m")!;
  assert.equal(m.dtype, "float32");
  assert.equal(m.trainable, false);
  assertClose(m.dataSync(), [0.1, 0.2, 0.3, 0.4], 1e-6);
  assert.throws(() => opt.getSlot(x, "momentum"), /Adam has no slot 'momentum'; its slots are: 'm', 'v'/);
  const y = tf.variable(tf.zeros([3]), { name: "y" });
  const rms = new RMSprop({ momentum: 0.9, centered: true });
  rms.build([y]);
  assert.deepEqual(
    rms.variables().map((v) => v.name),
    ["RMSprop/velocity/y", "RMSprop/momentum/y", "RMSprop/average_gradient/y"],
  );
  assert.deepEqual(new SGD().variables(), []);
});

test("learningRate: a number, settable; a schedule's current value, not settable to a number (Keras testSetLearningRate)", () => {
  const opt = new Adam({ learningRate: 1 });
  assert.equal(opt.learningRate, 1);
  opt.learningRate = 2;
  assert.equal(opt.learningRate, 2);
  assert.throws(() => (opt.learningRate = -1), /`learningRate` must be a non-negative number or a LearningRateSchedule. Received: learningRate=-1/);
  assert.equal(opt.learningRate, 2);

  const schedule = new ExponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10000, decayRate: 0.9 });
  const scheduled = new Adam({ learningRate: schedule });
  assert.equal(scheduled.learningRate, f(0.01));
  const x = tf.variable(tf.tensor([1, 2]));
  for (let i = 0; i < 2; i++) scheduled.applyGradients([tf.tensor([1, 2])], [x]);
  assert.ok(scheduled.learningRate < 0.01 && scheduled.learningRate > 0.00999, `got ${scheduled.learningRate}`);
  scheduled.learningRate = new ExponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10000, decayRate: 0.9 });
  assert.throws(
    () => (scheduled.learningRate = 2),
    (e: Error) => e instanceof TypeError && /^This optimizer was created with a `LearningRateSchedule`/.test(e.message),
  );
});

test("each step uses the schedule's value at the iteration count before the step", () => {
  const v = tf.variable(tf.tensor([1]));
  const opt = new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 0.5, decaySteps: 1, decayRate: 0.5 }) });
  const rates: number[] = [];
  for (let i = 0; i < 3; i++) {
    opt.applyGradients([tf.tensor([1])], [v]);
    rates.push(opt.learningRate);
  }
  assert.deepEqual(rates, [0.5, 0.25, 0.125]);
  assert.deepEqual([...v.dataSync()], [1 - 0.875]);
});

test("clipping follows Keras's numbers (optimizer_test.py)", () => {
  const clipped = (options: ConstructorParameters<typeof SGD>[0], grads: tf.Tensor[]): number[][] => {
    const vars = grads.map((g) => tf.variable(tf.zeros(g.shape)));
    new SGD({ learningRate: 1, ...options }).applyGradients(grads, vars);
    return vars.map((v) => [...v.dataSync()].map((x) => -x));
  };
  assertClose(clipped({ clipnorm: 1 }, [tf.tensor([100, 100])])[0]!, [2 ** 0.5 / 2, 2 ** 0.5 / 2], 1e-6);
  assert.deepEqual(clipped({ clipvalue: 1 }, [tf.tensor([100, -100, 0.5])])[0], [1, -1, 0.5]);
  const global = clipped({ globalClipnorm: 1 }, [tf.tensor([100, 100]), tf.tensor([100, 100])]);
  assertClose(global[0]!, [0.5, 0.5], 1e-6);
  assertClose(global[1]!, [0.5, 0.5], 1e-6);
  const norm = Math.hypot(50, 100);
  assertClose(clipped({ globalClipnorm: 1 }, [tf.tensor([50, 100])])[0]!, [50 / norm, 100 / norm], 1e-6);
  // Below the threshold a gradient passes unchanged (up to TensorFlow's g·c/c rounding).
  assertClose(clipped({ clipnorm: 1 }, [tf.tensor([0.3, 0.4])])[0]!, [0.3, 0.4], 1e-6);
  assert.deepEqual(clipped({ clipnorm: 1 }, [tf.zeros([2])])[0], [-0, -0]);
  // 16-bit gradients are clipped in float32: their squared norm would overflow float16.
  assertClose(clipped({ clipnorm: 1 }, [tf.tensor([300, 400], [2], "float16")])[0]!, [0.6, 0.8], 1e-6);
  // A non-finite global norm makes every gradient NaN, as tf.clip_by_global_norm does.
  const nan = clipped({ globalClipnorm: 1 }, [tf.tensor([1, 2]), tf.tensor([Infinity])]);
  assert.ok(nan.flat().every(Number.isNaN));
});

test("constructor errors name the argument", () => {
  assert.throws(
    () => new SGD({ clipnorm: 0.1, clipvalue: 0.1 }),
    /Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set. Received: clipnorm=0.1, clipvalue=0.1, globalClipnorm=null/,
  );
  assert.throws(() => new SGD({ clipnorm: 0.1, globalClipnorm: 0.1 }), /Only one of `clipnorm`, `clipvalue` and `globalClipnorm`/);
  assert.throws(() => new SGD({ clipnorm: -1 }), /`clipnorm` must be a positive number or null. Received: clipnorm=-1/);
  assert.throws(
    () => new SGD({ learningRate: "0.1" as never }),
    (e: Error) =>
      e instanceof TypeError && /`learningRate` must be a non-negative number or a LearningRateSchedule. Received: learningRate='0.1'/.test(e.message),
  );
  assert.throws(() => new SGD({ learningRate: NaN }), /`learningRate` must be/);
  assert.throws(() => new SGD({ momentum: 1.5 }), /`momentum` must be between \[0, 1\]. Received: momentum=1.5/);
  assert.throws(() => new SGD({ nesterov: 1 as never }), /`nesterov` must be a boolean/);
  assert.throws(() => new SGD({ lr: 0.1 } as never), /Keyword argument not understood: 'lr' is not an option of SGD; did you mean 'learningRate'\?/);
  assert.throws(() => new Adam({ beta_1: 0.9 } as never), /Keyword argument not understood: 'beta_1' is not an option of Adam; did you mean 'beta1'\?/);
  assert.throws(() => new Adam({ beta1: 1 }), /`beta1` must be in \[0, 1\). Received: beta1=1/);
  assert.throws(() => new RMSprop({ rho: -0.1 }), /`rho` must be between \[0, 1\]/);
  assert.throws(() => new RMSprop({ epsilon: -1 }), /`epsilon` must be a non-negative number/);
  assert.throws(() => new AdamW({ weightDecay: null as never }), /Missing value of `weightDecay` which is required and must be a float value./);
  assert.throws(() => new SGD(5 as never), /Argument 'options' of SGD must be an object, but got: 5/);
  assert.throws(() => new SGD({ name: "" }), /`name` must be a non-empty string/);
});

test("Keras's defaults", () => {
  const sgd = new SGD();
  assert.deepEqual([sgd.name, sgd.learningRate, sgd.momentum, sgd.nesterov], ["SGD", 0.01, 0, false]);
  const rms = new RMSprop();
  assert.deepEqual([rms.name, rms.learningRate, rms.rho, rms.momentum, rms.epsilon, rms.centered], ["RMSprop", 0.001, 0.9, 0, 1e-7, false]);
  const adam = new Adam();
  assert.deepEqual(
    [adam.name, adam.learningRate, adam.beta1, adam.beta2, adam.epsilon, adam.amsgrad, adam.weightDecay],
    ["Adam", 0.001, 0.9, 0.999, 1e-7, false, null],
  );
  const adamw = new AdamW();
  assert.deepEqual([adamw.name, adamw.learningRate, adamw.weightDecay, adamw.beta1, adamw.beta2, adamw.epsilon], ["AdamW", 0.001, 0.004, 0.9, 0.999, 1e-7]);
  assert.deepEqual([sgd.clipnorm, sgd.clipvalue, sgd.globalClipnorm], [null, null, null]);
});

test("get resolves optimizers, names in any case and configs; unknown identifiers fail like Keras", () => {
  const opt = new SGD();
  assert.equal(get(opt), opt);
  assert.ok(get("sgd") instanceof SGD);
  assert.ok(get("RMSprop") instanceof RMSprop);
  assert.ok(get("rmsprop") instanceof RMSprop);
  assert.ok(get("ADAM") instanceof Adam);
  const adamw = get("AdamW");
  assert.ok(adamw instanceof AdamW);
  assert.equal(adamw.learningRate, 0.001);
  assert.notEqual(get("adam"), get("adam")); // a new instance each time
  const fromConfig = get({ className: "Adam", config: { learningRate: 0.05 } });
  assert.ok(fromConfig instanceof Adam && fromConfig.learningRate === 0.05);
  assert.throws(
    () => get("abc"),
    (e: Error) => e.name === "ValueError" && e.message.startsWith("Could not interpret optimizer identifier: abc"),
  );
  assert.throws(() => get(1 as never), /Could not interpret optimizer identifier: 1/);
  assert.throws(() => deserialize({ className: "Nadam", config: {} }), /Unknown optimizer: 'Nadam'/);
});

test("getConfig and fromConfig round-trip (Keras testGetAndFromConfig)", () => {
  const optimizer = new Adam({ learningRate: 0.05, beta1: 0.7, beta2: 0.77, amsgrad: true, epsilon: 0.001, clipnorm: 0.5, name: "custom_adam" });
  const config = optimizer.getConfig();
  assert.deepEqual(config, {
    name: "custom_adam",
    learningRate: 0.05,
    beta1: 0.7,
    beta2: 0.77,
    epsilon: 0.001,
    amsgrad: true,
    clipnorm: 0.5,
    clipvalue: null,
    globalClipnorm: null,
    weightDecay: null,
  });
  const restored = Adam.fromConfig(config);
  assert.ok(restored instanceof Adam);
  assert.deepEqual(restored.getConfig(), config);

  const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  const sgd = new SGD({ learningRate: schedule, momentum: 0.9, nesterov: true, weightDecay: 0.01 });
  const serialized = serialize(sgd);
  assert.equal(serialized.className, "SGD");
  assert.deepEqual(serialized.config.learningRate, {
    module: "keras.optimizers.schedules",
    className: "ExponentialDecay",
    config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true, name: null },
    registeredName: null,
  });
  const back = deserialize(JSON.parse(JSON.stringify(serialized)));
  assert.ok(back instanceof SGD);
  assert.deepEqual(back.getConfig(), sgd.getConfig());
  assert.equal(deserialize(serialize(new RMSprop({ centered: true }))).getConfig().centered, true);
  assert.equal(AdamW.fromConfig(new AdamW({ weightDecay: 0.1 }).getConfig()).weightDecay, 0.1);
});

test("minimize and computeGradients (Keras testComputeGradients)", () => {
  const x = tf.variable(tf.tensor([1, 2]));
  const opt = new SGD({ learningRate: 0.1 });
  const pairs = opt.computeGradients(() => x.mul(1), [x]);
  assert.deepEqual([...pairs[0]![0]!.dataSync()], [1, 1]);
  assert.equal(pairs[0]![1], x);
  // The SGD docstring: loss = var²/2, so the gradient is var and one step of lr 0.1 gives 0.9.
  const v = tf.variable(tf.scalar(1));
  new SGD({ learningRate: 0.1 }).minimize(() => tf.div(tf.square(v), 2), [v]);
  assertClose(v.dataSync(), [0.9], 1e-7);
  // A tensor loss needs the tape that recorded it.
  const tape = new tf.GradientTape();
  const loss = tape.record(() => tf.sum(tf.mul(x, 3)));
  assert.throws(() => opt.minimize(loss, [x]), /`tape` is required when a `Tensor` loss is passed/);
  opt.minimize(loss, [x], tape);
  assertClose(x.dataSync(), [0.7, 1.7], 1e-6);
});

test("weightDecay on any optimizer: w -= w·wd·lr before the step (Keras testWeightDecay)", () => {
  for (const make of [() => new AdamW({ learningRate: 1, weightDecay: 0.004 }), () => new SGD({ learningRate: 1, weightDecay: 0.004 })]) {
    const v = tf.variable(tf.scalar(2));
    make().applyGradients([tf.scalar(0)], [v]);
    assert.equal(v.dataSync()[0], f(1.992));
  }
  // Keras's older testWeightDecay decays one variable with three AdamW optimizers: 2·0.996³.
  const var1 = tf.variable(tf.scalar(2));
  for (let i = 0; i < 3; i++) new AdamW({ learningRate: 1, weightDecay: 0.004 }).applyGradients([[tf.scalar(0), var1]]);
  assert.equal(var1.dataSync()[0], f(1.9760959));
});

test("Optimizer is abstract: subclasses define slots and the update", () => {
  class HalfStep extends Optimizer {
    constructor() {
      super({}, { name: "HalfStep", learningRate: 1 });
    }
    protected slotNames(): readonly string[] {
      return ["seen"];
    }
    protected updateStep(grad: tf.Tensor, variable: tf.Variable, slots: readonly tf.Variable[], ctx: { learningRate: number }): void {
      variable.assign(tf.sub(variable, tf.mul(tf.cast(grad, "float32"), ctx.learningRate / 2)));
      slots[0]!.assignAdd(1);
    }
  }
  const v = tf.variable(tf.tensor([4]));
  const opt = new HalfStep();
  opt.applyGradients([tf.tensor([2])], [v]);
  assert.deepEqual([...v.dataSync()], [3]);
  assert.deepEqual([...opt.getSlot(v, "seen")!.dataSync()], [1]);
  assert.equal(serialize(opt).className, "HalfStep");
});
