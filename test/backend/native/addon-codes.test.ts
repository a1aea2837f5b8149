/**
 * The codes the TypeScript side passes to the addon mean the same in C++: every
 * unary code in UNARY_CODE runs its own kernel (the enum UnaryOp), every dtype code
 * in DTYPE_CODE reads and writes its own dtype (the enum DT), and codes past the
 * tables are refused. The addon is called directly, so the tables themselves are
 * what is tested, not the dispatch around them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../../src/index.js";
import { DTYPE_CODE, loadAddon, UNARY_CODE, type NativeAddon } from "../../../src/backend/native/native-addon.js";
import { UNARY_PRIMS, type UnaryPrim } from "../../../src/backend/primitives.js";
import { assertClose } from "../../helpers.js";
import { skipNative } from "./native-guard.js";

const loaded = loadAddon();
const addon: NativeAddon | null = "addon" in loaded ? loaded.addon : null;
const skip = skipNative;

const X = new Float32Array([-0.3, 0.7]);
// float64 values of each function at -0.3 and 0.7 (Python's math module).
const KNOWN: { readonly [P in UnaryPrim]: readonly [number, number] } = {
  neg: [0.3, -0.7],
  abs: [0.3, 0.7],
  sign: [-1, 1],
  square: [0.09, 0.49],
  sqrt: [NaN, 0.8366600265340756],
  rsqrt: [NaN, 1.1952286093343936],
  reciprocal: [-3.3333333333333335, 1.4285714285714286],
  exp: [0.7408182206817179, 2.0137527074704766],
  expm1: [-0.2591817793182821, 1.0137527074704764],
  log: [NaN, -0.35667494393873245],
  log1p: [-0.35667494393873234, 0.5306282510621704],
  relu: [0, 0.7],
  sigmoid: [0.425557483188341, 0.6681877721681662],
  tanh: [-0.2913126124515909, 0.6043677771171636],
  softplus: [0.5543552444685271, 1.103186048885458],
  erf: [-0.3286267594591274, 0.6778011938374184],
  gelu: [-0.1146265733433142, 0.5306254434438489],
};

function reference(prim: UnaryPrim): Float32Array {
  const previous = tf.getBackend();
  tf.setBackend("reference");
  try {
    return tf[prim](tf.tensor(X)).dataSync() as Float32Array;
  } finally {
    tf.setBackend(previous);
  }
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

test("every unary code runs its own kernel: the addon's result is the reference's, bit for bit", { skip }, () => {
  const codes = Object.entries(UNARY_CODE) as [UnaryPrim, number][];
  assert.ok(codes.length > 0);
  assert.equal(new Set(codes.map(([, c]) => c)).size, codes.length, "codes are distinct");
  for (const [prim, code] of codes) {
    const out = new Float32Array(X.length);
    assert.equal(addon!.unary(code, DTYPE_CODE.float32, X, out), true, prim);
    const want = reference(prim);
    assertClose(want, KNOWN[prim], 1e-6, 0, `reference ${prim}`);
    // NaN compared as NaN: JavaScript does not keep its sign.
    for (let i = 0; i < X.length; i++) {
      if (Number.isNaN(want[i]!)) assert.ok(Number.isNaN(out[i]!), `${prim}(${X[i]}): expected NaN, got ${out[i]}`);
      else assert.equal(bits(out)[i], bits(want)[i], `${prim}(${X[i]}): native ${out[i]} vs reference ${want[i]}`);
    }
  }
});

test("the two inputs tell every unary function apart, so a swapped code cannot pass unseen", () => {
  const seen = new Map<string, UnaryPrim>();
  for (const prim of UNARY_PRIMS) {
    const key = KNOWN[prim].map((v) => Math.fround(v)).join(",");
    assert.equal(seen.get(key), undefined, `${prim} and ${seen.get(key)} give the same values`);
    seen.set(key, prim);
  }
});

test("unary codes outside the table are refused by name", { skip }, () => {
  const highest = Math.max(...Object.values(UNARY_CODE));
  for (const code of [-1, highest + 1, 2 ** 32]) {
    assert.throws(() => addon!.unary(code, DTYPE_CODE.float32, X, new Float32Array(2)), { name: "TypeError", message: `unary: unknown unary op code ${code}` });
  }
});

// [1.5, -2, 0, 200] in every dtype the native casts read and write (uint8 and bool as they store it).
const STORED = {
  float32: new Float32Array([1.5, -2, 0, 200]),
  float16: new Uint16Array([0x3e00, 0xc000, 0, 0x5a40]),
  bfloat16: new Uint16Array([0x3fc0, 0xc000, 0, 0x4348]),
  int32: new Int32Array([1, -2, 0, 200]),
  uint8: new Uint8Array([1, 0, 0, 200]),
  bool: new Uint8Array([1, 1, 0, 1]),
} as const;

test("every dtype code reads and writes its own dtype", { skip }, () => {
  const f32 = STORED.float32;
  for (const [dtype, stored] of Object.entries(STORED)) {
    if (dtype === "float32") continue;
    const code = DTYPE_CODE[dtype as keyof typeof STORED];
    const out = new (stored.constructor as new (n: number) => typeof stored)(stored.length);
    assert.equal(addon!.cast(DTYPE_CODE.float32, f32, code, out), true, `float32 -> ${dtype}`);
    assert.deepEqual(Array.from(out), Array.from(stored), `float32 -> ${dtype}`);
    if (dtype === "bool") continue; // the native casts do not read bool
    const back = new Float32Array(stored.length);
    assert.equal(addon!.cast(code, stored, DTYPE_CODE.float32, back), true, `${dtype} -> float32`);
    const want = dtype === "int32" ? [1, -2, 0, 200] : dtype === "uint8" ? [1, 0, 0, 200] : [1.5, -2, 0, 200];
    assert.deepEqual(Array.from(back), want, `${dtype} -> float32`);
  }
  // float64 is a known code without a native cast: no kernel, not an unknown code.
  assert.equal(addon!.cast(DTYPE_CODE.float64, new Float64Array(4), DTYPE_CODE.float32, new Float32Array(4)), false);
});

test("dtype codes outside the table are refused by name", { skip }, () => {
  const highest = Math.max(...Object.values(DTYPE_CODE));
  assert.equal(highest, DTYPE_CODE.bool);
  for (const code of [-1, highest + 1]) {
    assert.throws(() => addon!.cast(code, new Float32Array(1), DTYPE_CODE.float32, new Float32Array(1)), {
      name: "TypeError",
      message: `cast: unknown dtype code ${code}`,
    });
  }
});
