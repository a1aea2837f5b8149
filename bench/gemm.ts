/**
 * `npm run bench:gemm`: GEMM throughput of the native backend per dtype and thread
 * count, for square sizes and the guide's model shapes (forward and the two backward
 * products), each as a percentage of the peak measured in the same run by
 * register-only FMA (float32) and vdpbf16ps (bfloat16) loops.
 * Shapes with a side of at most 64 (model B's, the N = 10 output layer) are also reported
 * in GB/s of their operands (A, B and C once each), next to an in-run copy bandwidth.
 * Options: --quick (skip the 8192x4096x4096 shapes), --threads 1,2, --repeat N,
 * --only TEXT (shapes whose label contains TEXT).
 */
import { loadAddon, DTYPE_CODE, type NativeAddon } from "../src/backend/native/native-addon.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const threadsArg = args[args.indexOf("--threads") + 1];
const threads = args.includes("--threads") && threadsArg ? threadsArg.split(",").map(Number) : [1, 2];
const repeat = args.includes("--repeat") ? Number(args[args.indexOf("--repeat") + 1]) : 3;

const loaded = loadAddon();
if (!("addon" in loaded)) {
  console.error(`bench:gemm needs the native addon: ${loaded.error}`);
  process.exit(1);
}
const addon: NativeAddon = loaded.addon;

type D = "float32" | "float16" | "bfloat16";
const DTYPES: D[] = ["float32", "float16", "bfloat16"];

interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
  ta: boolean;
  tb: boolean;
}

const shapes: Shape[] = [512, 1024, 2048].map((s) => ({ label: `${s}^3`, m: s, k: s, n: s, ta: false, tb: false }));
// Y = X·W with X MxK, W KxN; backward: dW = Xᵀ·dY (K,M,N, transA) and dX = dY·Wᵀ (M,N,K, transB).
for (const [m, k, n] of [
  [8192, 784, 4096],
  [8192, 4096, 4096],
  [8192, 4096, 10],
  [8192, 784, 64],
  [8192, 64, 64],
  [8192, 64, 10],
] as const) {
  if (quick && k === 4096 && n === 4096) continue;
  shapes.push({ label: `fwd ${m}x${k}x${n}`, m, k, n, ta: false, tb: false });
  shapes.push({ label: `dW  ${k}x${m}x${n} tA`, m: k, k: m, n, ta: true, tb: false });
  shapes.push({ label: `dX  ${m}x${n}x${k} tB`, m, k: n, n: k, ta: false, tb: true });
}

// Serving: model A's forward at batch 1 and 32 (the small-M path that streams the weights once).
for (const m of [1, 32])
  for (const [k, n] of [
    [784, 4096],
    [4096, 4096],
  ] as const)
    shapes.push({ label: `srv ${m}x${k}x${n}`, m, k, n, ta: false, tb: false });

const only = args.includes("--only") ? args[args.indexOf("--only") + 1]! : null;
if (only !== null) shapes.splice(0, shapes.length, ...shapes.filter((s) => s.label.includes(only)));

function buffer(dtype: D, size: number): Float32Array | Uint16Array {
  // 64-byte aligned, as the native backend allocates tensor storage.
  const bytes = size * (dtype === "float32" ? 4 : 2);
  const raw = new ArrayBuffer(bytes + 64);
  const offset = addon.alignOffset(raw, 64);
  const data = dtype === "float32" ? new Float32Array(raw, offset, size) : new Uint16Array(raw, offset, size);
  // Small random values: 16-bit patterns of numbers in about [-1, 1].
  for (let i = 0; i < size; i++) data[i] = dtype === "float32" ? Math.random() - 0.5 : dtype === "float16" ? 0x3800 | (i & 0x3ff) : 0x3f00 | (i & 0x7f);
  return data;
}

/** Best-of-3 bandwidth of one large copy (bytes read + written per second), in GB/s. */
function copyBandwidth(): number {
  const n = 64 << 20; // 256 MiB of float32
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    dst.set(src);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return (2 * n * 4) / best / 1e9;
}
const skinny = (s: Shape): boolean => Math.min(s.m, s.n, s.k) <= 64;

/** GFLOP/s of the best of `repeat` runs, and the seconds of that run. */
function run(s: Shape, dtype: D): { gflops: number; seconds: number } {
  const a = buffer(dtype, s.m * s.k);
  const b = buffer(dtype, s.k * s.n);
  const c = buffer(dtype, s.m * s.n);
  const code = DTYPE_CODE[dtype];
  const lda = s.ta ? s.m : s.k;
  const ldb = s.tb ? s.k : s.n;
  const once = (): number => {
    const t0 = process.hrtime.bigint();
    addon.gemm(code, a, code, b, code, c, s.m, s.n, s.k, s.ta, s.tb, lda, ldb, s.n, null, false, -1);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const big = s.m * s.n * s.k > 1e11;
  once(); // warm-up: first-touch of pages and packing buffers
  let best = Infinity;
  for (let r = 0; r < (big ? 1 : repeat); r++) best = Math.min(best, once());
  return { gflops: (2 * s.m * s.n * s.k) / best / 1e9, seconds: best };
}

const pad = (s: string, n: number): string => s.padEnd(n);
const copyGBs = shapes.some(skinny) ? copyBandwidth() : 0;
for (const t of threads) {
  addon.setNumThreads(t);
  const peakF32 = addon.measurePeak(DTYPE_CODE.float32, t);
  // Without vdpbf16ps, bfloat16 runs the float32 kernel (converted while packing): its peak is the FMA one.
  const dpbf16 = addon.measurePeak(DTYPE_CODE.bfloat16, t);
  const peakBf16 = dpbf16 > 0 ? dpbf16 : peakF32;
  const bf16Peak = dpbf16 > 0 ? `bfloat16 vdpbf16ps ${dpbf16.toFixed(0)} GFLOP/s` : "bfloat16 on the float32 FMA kernel (no vdpbf16ps)";
  console.log(`\n== ${t} thread(s): peak float32 FMA ${peakF32.toFixed(0)} GFLOP/s, ${bf16Peak} ==`);
  if (copyGBs) console.log(`copy bandwidth (one thread, read + write): ${copyGBs.toFixed(1)} GB/s`);
  console.log(`kernels: ${DTYPES.map((d) => `${d} ${addon.gemmKernelName(DTYPE_CODE[d], DTYPE_CODE[d])}`).join(", ")}`);
  console.log(pad("shape (M,K,N)", 26) + DTYPES.map((d) => pad(`${d} GFLOP/s (%peak)`, 30)).join(""));
  for (const s of shapes) {
    const cells = DTYPES.map((d) => {
      const { gflops: g, seconds } = run(s, d);
      const peak = d === "bfloat16" ? peakBf16 : peakF32;
      const bytes = (s.m * s.k + s.k * s.n + s.m * s.n) * (d === "float32" ? 4 : 2);
      const gbs = skinny(s) ? `, ${(bytes / seconds / 1e9).toFixed(1)} GB/s` : "";
      return pad(`${g.toFixed(1)} (${((100 * g) / peak).toFixed(0)}%${gbs})`, 30);
    });
    console.log(pad(s.label, 26) + cells.join(""));
  }
}
addon.setNumThreads(0);
