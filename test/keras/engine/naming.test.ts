/**
 * One snake_case rule for every default name and camelCase identifier: layers,
 * losses and metrics name a subclass with it, initializers and activations resolve
 * camelCase names with it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { toSnakeCase } from "../../../src/keras/engine/naming.js";
import { Layer } from "../../../src/keras/layers/index.js";
import * as losses from "../../../src/keras/losses/index.js";
import * as metrics from "../../../src/keras/metrics/index.js";
import * as initializers from "../../../src/keras/initializers/index.js";
import * as activations from "../../../src/keras/activations/index.js";

test("toSnakeCase splits words and keeps acronyms whole", () => {
  const cases: [string, string][] = [
    ["Dense", "dense"],
    ["InputLayer", "input_layer"],
    ["HTTPServer", "http_server"],
    ["MyHTTPLayer", "my_http_layer"],
    ["Conv2DTranspose", "conv2_d_transpose"],
    ["glorotUniform", "glorot_uniform"],
    ["leaky_relu", "leaky_relu"],
    ["ELU", "elu"],
  ];
  for (const [name, snake] of cases) assert.equal(toSnakeCase(name), snake, name);
});

test("layers, losses and metrics name a subclass with that rule; initializers and activations read camelCase with it", () => {
  class MyHTTPLayer extends Layer {
    override call(x: tf.Tensor): tf.Tensor {
      return x;
    }
  }
  assert.match(new MyHTTPLayer().name, /^my_http_layer(_\d+)?$/);
  class MSEDifference extends losses.Loss {
    call(yTrue: tf.Tensor, yPred: tf.Tensor) {
      return tf.sub(yPred, yTrue);
    }
  }
  assert.equal(new MSEDifference().name, "mse_difference");
  class AUCLike extends metrics.Metric {
    updateState(): void {}
    result(): tf.Tensor {
      return tf.scalar(0);
    }
  }
  assert.equal(new AUCLike(undefined).name, "auc_like");
  assert.ok(initializers.get("glorotUniform") instanceof initializers.GlorotUniform);
  assert.equal(activations.get("leakyRelu"), activations.leakyRelu);
});
