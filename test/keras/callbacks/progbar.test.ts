import { test } from "node:test";
import assert from "node:assert/strict";
import { Progbar, formatValue, formatTimePerUnit } from "../../../src/keras/callbacks/progbar.js";

/** A capture of what the bar writes, with a fake clock (milliseconds). */
function capture(isTTY: boolean) {
  const out = {
    text: "",
    isTTY,
    write(s: string) {
      this.text += s;
    },
  };
  let now = 0;
  return { out, clock: () => now, advance: (ms: number) => (now += ms) };
}

test("Keras's number and time formats", () => {
  assert.equal(formatValue(0.79871), "0.7987");
  assert.equal(formatValue(5.624), "5.6240");
  assert.equal(formatValue(0.0004567), "4.5670e-04");
  assert.equal(formatTimePerUnit(0.083, "step"), " 83ms/step");
  assert.equal(formatTimePerUnit(2.2, "step"), " 2s/step");
  assert.equal(formatTimePerUnit(0.0005, "step"), " 500us/step");
});

test("the epoch line of fit when not on a TTY: one line per bar", () => {
  const { out, clock, advance } = capture(false);
  const bar = new Progbar(6, 1, out, "step", clock);
  for (let i = 1; i <= 6; i++) {
    advance(i === 1 ? 600 : 83);
    bar.update(i, { loss: 0.7987, accuracy: 0.752, val_loss: 0.3455, val_accuracy: 0.8972 }, i === 6);
  }
  assert.equal(out.text, "6/6 [==============================] - 1s 83ms/step - loss: 0.7987 - accuracy: 0.7520 - val_loss: 0.3455 - val_accuracy: 0.8972\n");
});

test("on a TTY the bar updates in place with an ETA", () => {
  const { out, clock, advance } = capture(true);
  const bar = new Progbar(10, 1, out, "step", clock);
  advance(100);
  bar.update(1, { loss: 1.5 });
  advance(100);
  bar.update(2, { loss: 1.25 });
  assert.equal(out.text, "\r 1/10 [==>...........................] - ETA: 0s - loss: 1.5000\r 2/10 [=====>........................] - ETA: 0s - loss: 1.2500");
  advance(800);
  bar.update(10, { loss: 1 }, true);
  assert.ok(out.text.endsWith("\r10/10 [==============================] - 1s 100ms/step - loss: 1.0000\n"));
});

test("verbose 2: one summary line", () => {
  const { out, clock, advance } = capture(false);
  const bar = new Progbar(313, 2, out, "step", clock);
  for (let i = 1; i <= 313; i++) {
    advance(3);
    bar.update(i, { loss: 0.1387, accuracy: 0.9591 }, i === 313);
  }
  assert.equal(out.text, "313/313 - 1s - loss: 0.1387 - accuracy: 0.9591 - 939ms/epoch - 3ms/step\n");
});
