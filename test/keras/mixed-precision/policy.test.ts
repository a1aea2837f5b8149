import { test } from "node:test";
import assert from "node:assert/strict";
import { Policy } from "../../../src/keras/mixed-precision/policy.js";
import { globalPolicy, policyScope, setGlobalPolicy } from "../../../src/keras/mixed-precision/global-policy.js";
import { ValueError } from "../../../src/errors.js";

test("policy dtypes: mixed policies and any dtype name", () => {
  for (const dtype of ["int32", "bool", "float16", "float32", "bfloat16", "float64"]) {
    const p = new Policy(dtype);
    assert.equal(p.name, dtype);
    assert.equal(p.computeDtype, dtype);
    assert.equal(p.variableDtype, dtype);
  }
  const m = new Policy("mixed_float16");
  assert.deepEqual([m.name, m.computeDtype, m.variableDtype], ["mixed_float16", "float16", "float32"]);
  const b = new Policy("mixed_bfloat16");
  assert.deepEqual([b.name, b.computeDtype, b.variableDtype], ["mixed_bfloat16", "bfloat16", "float32"]);
});

test("policy repr and config", () => {
  assert.equal(String(new Policy("mixed_float16")), '<Policy "mixed_float16">');
  assert.equal(String(new Policy("float32")), '<Policy "float32">');
  const p = Policy.fromConfig(new Policy("mixed_bfloat16").getConfig());
  assert.deepEqual(p.getConfig(), { name: "mixed_bfloat16" });
  assert.equal(p.computeDtype, "bfloat16");
});

test("policy errors use Keras's texts", () => {
  assert.throws(() => new Policy(5 as never), { name: "TypeError", message: "'name' must be a string, but got: 5" });
  assert.throws(
    () => new Policy("abc"),
    new ValueError(
      "Cannot convert value abc to a mixed precision Policy. Valid policies include 'mixed_float16', 'mixed_bfloat16', and the name of any dtype such as 'float32'.",
    ),
  );
  assert.throws(
    () => new Policy("float16_with_float32_vars"),
    new ValueError(
      "Policies ending in '_float32_vars' have been removed from TensorFlow. Please use the 'mixed_float16' policy instead. Got policy name: 'float16_with_float32_vars'",
    ),
  );
  assert.throws(
    () => new Policy("infer_with_float32_vars"),
    /Please use the 'mixed_float16' or 'mixed_bfloat16' policy instead\. Got policy name: 'infer_with_float32_vars'/,
  );
  assert.throws(() => new Policy("bfloat16_with_float32_vars"), /Please use the 'mixed_bfloat16' policy instead/);
  assert.throws(
    () => new Policy("x_float32_vars"),
    /^ValueError: Policies ending in '_float32_vars' have been removed from TensorFlow\. Got policy name: 'x_float32_vars'$/,
  );
});

test("the global policy: set by Policy or name, reset by null, floating only", () => {
  assert.equal(globalPolicy().name, "float32");
  setGlobalPolicy("mixed_float16");
  assert.equal(globalPolicy().name, "mixed_float16");
  const p = new Policy("mixed_bfloat16");
  setGlobalPolicy(p);
  assert.equal(globalPolicy(), p);
  setGlobalPolicy(null);
  assert.equal(globalPolicy().name, "float32");
  assert.throws(
    () => setGlobalPolicy("int32"),
    new ValueError(
      'set_global_policy can only be used to set the global policy to floating-point policies, such as "float32" and "mixed_float16", but got policy: int32',
    ),
  );
  assert.equal(globalPolicy().name, "float32");
  assert.throws(() => setGlobalPolicy(3 as never), /must be a Policy, a string or null, but got: 3/);
});

test("policyScope restores the previous policy, also after an error", () => {
  setGlobalPolicy("mixed_bfloat16");
  const inner = policyScope("mixed_float16", () => globalPolicy().name);
  assert.equal(inner, "mixed_float16");
  assert.equal(globalPolicy().name, "mixed_bfloat16");
  assert.throws(
    () =>
      policyScope("float64", () => {
        throw new Error("boom");
      }),
    /boom/,
  );
  assert.equal(globalPolicy().name, "mixed_bfloat16");
  setGlobalPolicy(null);
});
