/** Learning rate schedules against Keras's learning_rate_schedule_test.py formulas. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { schedules, SGD } from "../../../src/keras/optimizers/index.js";
import * as tf from "../../../src/index.js";
import { assertClose } from "../../helpers.js";

const { ExponentialDecay, CosineDecay, LearningRateSchedule } = schedules;
const f = Math.fround;

test("ExponentialDecay: continuous (testContinuous) and staircase (testStaircase)", () => {
  const continuous = new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96 });
  assertClose([continuous.call(5)], [0.05 * 0.96 ** (5 / 10)], 1e-6);
  assert.equal(continuous.call(0), f(0.05));
  const stairs = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true });
  assert.equal(stairs.call(1), f(0.1));
  assert.equal(stairs.call(2), f(0.1));
  assertClose([stairs.call(3)], [0.1 * 0.96], 1e-6);
  assertClose([stairs.call(100)], [0.1 * 0.96 ** Math.floor(100 / 3)], 1e-6);
  // Results are float32 values, as Keras's float32 tensors are.
  for (const step of [0, 1, 7, 1234]) assert.equal(continuous.call(step), f(continuous.call(step)));
});

test("CosineDecay: testDecay and testAlpha (np_cosine_decay)", () => {
  const npCosineDecay = (step: number, decaySteps: number, alpha = 0) => {
    const completed = Math.min(step, decaySteps) / decaySteps;
    const decay = 0.5 * (1 + Math.cos(Math.PI * completed));
    return (1 - alpha) * decay + alpha;
  };
  for (const alpha of [0, 0.1]) {
    const lr = new CosineDecay({ initialLearningRate: 1, decaySteps: 1000, alpha });
    for (let step = 0; step < 1500; step += 250) {
      assertClose([lr.call(step)], [npCosineDecay(step, 1000, alpha)], 1e-6, 1e-7, `alpha=${alpha} step=${step}`);
    }
  }
  const scaled = new CosineDecay({ initialLearningRate: 0.2, decaySteps: 10 });
  assert.equal(scaled.call(0), f(0.2));
  assert.equal(scaled.call(10), 0);
  assert.equal(scaled.call(50), 0); // held at the end
});

test("CosineDecay with a linear warmup: Keras 3.15.1's values", () => {
  const lr = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 0.2, warmupTarget: 1, warmupSteps: 4 });
  // keras.optimizers.schedules.CosineDecay(0.1, 10, alpha=0.2, warmup_target=1.0, warmup_steps=4) at steps 0, 1, 3, 4, 5, 9, 14, 20.
  const keras = [
    0.10000000149011612, 0.32499998807907104, 0.7749999761581421, 1.0, 0.9804226160049438, 0.5999999642372131, 0.20000000298023224, 0.20000000298023224,
  ];
  assertClose(
    [0, 1, 3, 4, 5, 9, 14, 20].map((s) => lr.call(s)),
    keras,
    2 ** -23,
  );
  assert.deepEqual(CosineDecay.fromConfig(lr.getConfig()).getConfig(), lr.getConfig());
});

test("schedules validate their arguments and round-trip through their config", () => {
  assert.throws(
    () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }),
    /`decaySteps` must be a positive number. Received: decaySteps=0/,
  );
  assert.throws(
    () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1 } as never),
    /`decayRate` must be a positive number. Received: decayRate=undefined/,
  );
  assert.throws(() => new CosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 2 }), /`alpha` must be between \[0, 1\]/);
  assert.throws(
    () => new CosineDecay({ initialLearningRate: 1, decaySteps: 10, warmup_steps: 5 } as never),
    /Keyword argument not understood: 'warmup_steps' is not an option of CosineDecay; did you mean 'warmupSteps'\?/,
  );
  assert.throws(() => new CosineDecay({ initialLearningRate: 1, decaySteps: 10, warmupSteps: 1.5 }), /`warmupSteps` must be a non-negative integer/);
  assert.throws(() => new CosineDecay({ initialLearningRate: 1, decaySteps: 10 }).call(-1), /'step' of CosineDecay.call must be a non-negative finite number/);
  const e = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true, name: "decay" });
  const e2 = ExponentialDecay.fromConfig(e.getConfig());
  assert.deepEqual(e2.getConfig(), { initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true, name: "decay" });
  assert.equal(e2.call(7), e.call(7));
  const c = schedules.deserialize(schedules.serialize(new CosineDecay({ initialLearningRate: 1, decaySteps: 4, alpha: 0.5 })));
  assert.ok(c instanceof CosineDecay);
  assert.equal(c.call(2), 0.75);
  assert.throws(() => schedules.deserialize({ className: "PolynomialDecay", config: {} }), /Unknown learning rate schedule: 'PolynomialDecay'/);
});

test("a user schedule drives an optimizer; its value must be a finite number", () => {
  class Halving extends LearningRateSchedule {
    call(step: number): number {
      return 1 / 2 ** step;
    }
    getConfig() {
      return {};
    }
  }
  const v = tf.variable(tf.scalar(0));
  const opt = new SGD({ learningRate: new Halving() });
  for (let i = 0; i < 3; i++) opt.applyGradients([tf.scalar(-1)], [v]);
  assert.equal(v.dataSync()[0], 1.75);
  assert.equal(schedules.serialize(new Halving()).className, "Halving");
  class Broken extends LearningRateSchedule {
    call(): number {
      return NaN;
    }
    getConfig() {
      return {};
    }
  }
  assert.throws(() => new SGD({ learningRate: new Broken() }), /Broken.call\(0\) must return a finite number, but returned: NaN/);
});
