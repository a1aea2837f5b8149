/**
 * The Keras mixed precision guide (../shared/seed/keras-mixed-precision-guide.md),
 * run section by section in TypeScript with `npm start`.
 *
 * The sections that need Keras layers, models and MNIST arrive with the Keras core
 * and training work; this file runs the numerics the guide relies on today: float16
 * overflow and underflow, loss scaling with a GradientTape, and float32 master
 * weights updated from 16-bit computation.
 */
import * as tf from "../src/index.js";

function section(title: string): void {
  console.log(`\n## ${title}\n`);
}

section("Underflow and Overflow");
let x = tf.scalar(256, "float16");
console.log("x = tf.constant(256, dtype='float16'); (x ** 2) ->", tf.pow(x, 2).dataSync()[0], "  # Overflow");
x = tf.scalar(1e-5, "float16");
console.log("x = tf.constant(1e-5, dtype='float16'); (x ** 2) ->", tf.pow(x, 2).dataSync()[0], "  # Underflow");
console.log("bfloat16 has float32's range: 256 ** 2 ->", tf.pow(tf.scalar(256, "bfloat16"), 2).dataSync()[0]);

section("Loss scaling overview");
// loss = 1e-4 * sum(w * x) computed in float16 with x = 1e-4: the gradient of the float32
// weight is 1e-8, below float16's smallest subnormal (6e-8), so without scaling it is 0.
const w = tf.variable(tf.ones([4]), { name: "w" });
const inputs16 = tf.fill([4], 1e-4, "float16");
const gradAt = (lossScale: number): number => {
  const tape = new tf.GradientTape();
  const scaledLoss = tape.record(() => tf.mul(tf.mul(tf.sum(tf.mul(w.cast("float16"), inputs16)), 1e-4), lossScale));
  const scaledGrad = tape.gradient(scaledLoss, w)!; // float32: the cast's gradient casts back
  return tf.div(scaledGrad, lossScale).dataSync()[0]!; // unscale in float32
};
console.log("gradient without loss scaling:  ", gradAt(1), "  # underflowed in float16");
console.log("gradient with loss_scale = 1024: ", gradAt(1024));
console.log("gradient with loss_scale = 2^15: ", gradAt(2 ** 15));
console.log("exact gradient:                  ", 1e-4 * 1e-4);

section("float32 variables, 16-bit compute");
const kernel = tf.variable(tf.randomNormal([784, 64], 0, 0.05, "float32", 1), { name: "dense_1/kernel" });
const inputs = tf.randomUniform([8, 784], 0, 1, "float32", 2);
for (const dtype of ["float16", "bfloat16"] as const) {
  const tape = new tf.GradientTape();
  const [y, loss] = tape.record(() => {
    const y = tf.relu(tf.matmul(inputs.cast(dtype), kernel.cast(dtype)));
    return [y, tf.mean(y.cast("float32"))] as const;
  });
  const grad = tape.gradient(loss, kernel)!;
  console.log(`compute dtype ${dtype}: y.dtype = ${y.dtype}, kernel.dtype = ${kernel.dtype}, gradient dtype = ${grad.dtype}`);
}
console.log("memory:", JSON.stringify(tf.memory().bytesByDtype));
