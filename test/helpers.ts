/** Assertions shared by the tests. */
import assert from "node:assert/strict";
import type { Tensor } from "../src/index.js";

/** Asserts |a - e| <= atol + rtol·|e| elementwise; NaNs must match NaNs, infinities must be equal. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-6, atol = 0, what = "values"): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`);
    } else if (!Number.isFinite(e)) {
      assert.equal(a, e, `${what}[${i}]: expected ${e}, got ${a}`);
    } else {
      assert.ok(Math.abs(a - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: expected ${e}, got ${a} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** Asserts a tensor's dtype, shape and values (exactly unless tolerances are given). */
export function assertTensor(t: Tensor, dtype: string, shape: readonly number[], values: ArrayLike<number>, rtol = 0, atol = 0): void {
  assert.equal(t.dtype, dtype, "dtype");
  assert.deepEqual([...t.shape], [...shape], "shape");
  assertClose(t.dataSync(), values, rtol, atol);
}

/**
 * Collects garbage and lets the FinalizationRegistry's callbacks run, so tensors that
 * earlier tests dropped are counted out of `tf.memory()` before a test measures it.
 */
export async function settleGarbage(): Promise<void> {
  const { setFlagsFromString } = await import("node:v8");
  const { runInNewContext } = await import("node:vm");
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Unit roundoff of each float dtype: half an ulp at 1, so one correct rounding of x is
 * within unitRoundoff·|x| of it (normal range). float16 keeps 10 fraction bits, bfloat16 7.
 */
export const unitRoundoff = { float64: 2 ** -53, float32: 2 ** -24, float16: 2 ** -11, bfloat16: 2 ** -8 } as const;
