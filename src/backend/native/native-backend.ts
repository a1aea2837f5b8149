/**
 * The native backend: C++ kernels (AVX-512 where the CPU has it) for the hot
 * primitives on float32/float16/bfloat16 data, storage allocated natively. Every
 * other (primitive, dtype) runs the reference kernel on the same storage; `supports`
 * says which, from the tables below.
 */
import { dtypeInfo, type DType, type Storage } from "../../dtype/index.js";
import type { Backend, Kernel, KernelTable, TensorView } from "../backend.js";
import { BINARY_PRIMS, COMPARE_PRIMS, REDUCE_PRIMS, type KernelPrim } from "../primitives.js";
import type { BinaryPrim, ComparePrim, ReducePrim, UnaryPrim } from "../primitives.js";
import { readF32 } from "../reference/float-io.js";
import { reductionLayout } from "../reference/reduce-kernels.js";
import { broadcastStrides, forEachRow, sizeOf, splitAround } from "../shape.js";
import { DTYPE_CODE, UNARY_CODE, type NativeAddon } from "./native-addon.js";
import type { UpdateTable } from "../updates.js";

const ALIGNMENT = 64;
const ALIGNED_MIN = 4096;

const FLOATS: ReadonlySet<DType> = new Set<DType>(["float32", "float16", "bfloat16"]);

// Primitives with a native kernel for float32/float16/bfloat16 inputs: the unary ones are
// those with a code. The transcendental ones are bit-exact ports of reference/float32-math.ts
// (native/src/kernels/math-f32.h).
const NATIVE_UNARY: ReadonlySet<UnaryPrim> = new Set(Object.keys(UNARY_CODE) as UnaryPrim[]);
// pow stays on the reference kernel: its float32 result is defined by V8's Math.pow.
const NATIVE_BINARY: ReadonlySet<BinaryPrim> = new Set<BinaryPrim>(["add", "sub", "mul", "div", "maximum", "minimum", "reluGrad", "sigmoidGrad", "tanhGrad"]);
const NATIVE_REDUCE: ReadonlySet<ReducePrim> = new Set<ReducePrim>(["sum", "mean", "max", "min"]);
const CAST_SOURCES: ReadonlySet<DType> = new Set<DType>(["float32", "float16", "bfloat16", "uint8", "int32"]);

function mustRun(ok: boolean, what: string): void {
  if (!ok) throw new Error(`Internal error: the native backend declared support for ${what} but has no kernel for it`);
}

type Typed = Parameters<NativeAddon["cast"]>[1];
const data = (v: TensorView): Typed => v.data as Typed;

/** The native backend over a loaded addon. */
export function createNativeBackend(addon: NativeAddon): Backend {
  const unaryKernel = (prim: UnaryPrim): Kernel<UnaryPrim> => {
    const op = UNARY_CODE[prim]!;
    return (out, [x]) => mustRun(addon.unary(op, DTYPE_CODE[x!.dtype], data(x!), data(out)), prim);
  };
  const broadcastKernel = (prim: BinaryPrim | ComparePrim, compare: boolean): Kernel<BinaryPrim | ComparePrim> => {
    const op = compare ? COMPARE_PRIMS.indexOf(prim as ComparePrim) : BINARY_PRIMS.indexOf(prim as BinaryPrim);
    const run = compare ? addon.compare : addon.binary;
    return (out, [a, b]) => {
      const shape = [...out.shape];
      mustRun(run(op, DTYPE_CODE[a!.dtype], data(a!), data(b!), data(out), shape, broadcastStrides(a!.shape, shape), broadcastStrides(b!.shape, shape)), prim);
    };
  };
  const reduceKernel = (prim: ReducePrim): Kernel<ReducePrim> => {
    const op = REDUCE_PRIMS.indexOf(prim);
    return (out, [x], { axes }) => {
      const { data: src, outer, r, inner } = reductionLayout(x!, axes);
      mustRun(addon.reduce(op, DTYPE_CODE[x!.dtype], src as Typed, outer, r, inner, data(out)), prim);
    };
  };

  const softmaxKernel =
    (log: boolean): Kernel<"softmax" | "logSoftmax"> =>
    (out, [x], { axis }) => {
      const [outer, n, inner] = splitAround(x!.shape, axis, axis);
      mustRun(addon.softmax(DTYPE_CODE[x!.dtype], data(x!), outer, n, inner, data(out), log), log ? "logSoftmax" : "softmax");
    };
  const sparseSoftmaxCrossEntropy: Kernel<"sparseSoftmaxCrossEntropy"> = (out, [logits, labels]) => {
    const [rows, classes] = [logits!.shape[0]!, logits!.shape[1]!];
    mustRun(
      addon.sparseSoftmaxCrossEntropy(DTYPE_CODE[logits!.dtype], data(logits!), labels!.data as Int32Array, rows, classes, out.data as Float32Array),
      "sparseSoftmaxCrossEntropy",
    );
  };

  const matmul: Kernel<"matmul"> = (out, [a, b], { transposeA, transposeB }) => {
    const ra = a!.shape.length;
    const rb = b!.shape.length;
    const m = out.shape[out.shape.length - 2]!;
    const n = out.shape[out.shape.length - 1]!;
    const k = transposeA ? a!.shape[ra - 2]! : a!.shape[ra - 1]!;
    const lda = a!.shape[ra - 1]!;
    const ldb = b!.shape[rb - 1]!;
    const matA = a!.shape[ra - 2]! * lda;
    const matB = b!.shape[rb - 2]! * ldb;
    const batchShape = out.shape.slice(0, -2);
    if (sizeOf(batchShape) === 0) return;
    const sa = [...broadcastStrides(a!.shape.slice(0, -2), batchShape), 0];
    const sb = [...broadcastStrides(b!.shape.slice(0, -2), batchShape), 0];
    const [ac, bc, cc] = [DTYPE_CODE[a!.dtype], DTYPE_CODE[b!.dtype], DTYPE_CODE[out.dtype]];
    forEachRow([...batchShape, 1], [sa, sb], (o, [ab, bb]) => {
      const av = a!.data.subarray(ab! * matA, ab! * matA + matA) as Typed;
      const bv = b!.data.subarray(bb! * matB, bb! * matB + matB) as Typed;
      const cv = out.data.subarray(o * m * n, (o + 1) * m * n) as Typed;
      addon.gemm(ac, av, bc, bv, cc, cv, m, n, k, transposeA, transposeB, lda, ldb, n, null, false, -1);
    });
  };

  // One GEMM whose epilogue adds the bias (as float32) and applies the activation in float32
  // before the single rounding to the output dtype: relu by the GEMM's own flag, sigmoid,
  // tanh and gelu by the unary kernel of the same code the elementwise op uses.
  const dense: Kernel<"dense"> = (out, [x, kernel, bias], { activation, bias: hasBias }) => {
    const [m, n] = [out.shape[0]!, out.shape[1]!];
    const k = x!.shape[1]!;
    const code = DTYPE_CODE[x!.dtype];
    const b32 = hasBias ? readF32(bias!) : null;
    const act = activation === "sigmoid" || activation === "tanh" || activation === "gelu" ? UNARY_CODE[activation]! : -1;
    addon.gemm(code, data(x!), code, data(kernel!), DTYPE_CODE[out.dtype], data(out), m, n, k, false, false, k, n, n, b32, activation === "relu", act);
  };

  const kernels: Partial<KernelTable> = {
    ...Object.fromEntries([...NATIVE_UNARY].map((p) => [p, unaryKernel(p)])),
    ...Object.fromEntries([...NATIVE_BINARY].map((p) => [p, broadcastKernel(p, false)])),
    ...Object.fromEntries(COMPARE_PRIMS.map((p) => [p, broadcastKernel(p, true)])),
    ...Object.fromEntries([...NATIVE_REDUCE].map((p) => [p, reduceKernel(p)])),
    cast: (out, [x]) => mustRun(addon.cast(DTYPE_CODE[x!.dtype], data(x!), DTYPE_CODE[out.dtype], data(out)), `cast ${x!.dtype} -> ${out.dtype}`),
    allFinite: (out, [x]) => {
      const r = addon.allFinite(DTYPE_CODE[x!.dtype], data(x!));
      mustRun(r >= 0, "allFinite");
      out.data[0] = r;
    },
    matmul,
    dense,
    softmax: softmaxKernel(false),
    logSoftmax: softmaxKernel(true),
    sparseSoftmaxCrossEntropy,
    where: (out, [cond, a, b]) => {
      const shape = [...out.shape];
      const [sc, sa, sb] = [cond!, a!, b!].map((t) => broadcastStrides(t.shape, shape));
      mustRun(addon.where(dtypeInfo(out.dtype).itemsize, cond!.data as Uint8Array, data(a!), data(b!), data(out), shape, sc!, sa!, sb!), "where");
    },
  };

  const supports = (prim: KernelPrim, inDtype: DType, outDtype: DType): boolean => {
    if (prim === "cast") {
      if (!CAST_SOURCES.has(inDtype)) return false;
      return FLOATS.has(outDtype) || (FLOATS.has(inDtype) && (outDtype === "int32" || outDtype === "uint8" || outDtype === "bool"));
    }
    // where selects raw elements: every dtype of 1, 2 or 4 bytes (its first input is the bool condition).
    if (prim === "where") return outDtype !== "float64";
    if (!FLOATS.has(inDtype) || !(prim in kernels)) return false;
    return true;
  };

  const updates: UpdateTable = {
    sgd: ({ variable, grad, slots, gradScale, params: k }) =>
      mustRun(addon.updateSgd(DTYPE_CODE[grad.dtype], data(grad), gradScale, variable, slots[0] ?? null, k.learningRate, k.momentum, k.nesterov), "sgd"),
    rmsprop: ({ variable, grad, slots, gradScale, params: k }) => {
      const mom = k.momentum > 0 ? slots[1]! : null;
      const avg = k.centered ? slots[k.momentum > 0 ? 2 : 1]! : null;
      mustRun(
        addon.updateRmsprop(
          DTYPE_CODE[grad.dtype],
          data(grad),
          gradScale,
          variable,
          slots[0]!,
          mom,
          avg,
          k.learningRate,
          k.rho,
          k.oneMinusRho,
          k.momentum,
          k.epsilon,
        ),
        "rmsprop",
      );
    },
    adam: ({ variable, grad, slots, gradScale, params: k }) =>
      mustRun(
        addon.updateAdam(
          DTYPE_CODE[grad.dtype],
          data(grad),
          gradScale,
          variable,
          slots[0]!,
          slots[1]!,
          k.alpha,
          k.oneMinusBeta1,
          k.oneMinusBeta2,
          k.epsilon,
          k.decay,
        ),
        "adam",
      ),
  };

  return {
    name: "native",
    // V8 ArrayBuffers, so the collector sees and frees them itself; large ones start on a cache line.
    alloc(dtype: DType, size: number): Storage {
      const info = dtypeInfo(dtype);
      const bytes = size * info.itemsize;
      if (bytes < ALIGNED_MIN) return new info.storage(size);
      const buffer = new ArrayBuffer(bytes + ALIGNMENT);
      return new info.storage(buffer, addon.alignOffset(buffer, ALIGNMENT), size);
    },
    kernels,
    supports,
    updates,
    supportsUpdate: (_name, gradDtype) => FLOATS.has(gradDtype),
  };
}
