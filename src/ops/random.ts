/**
 * Seeded random tensors. Values are generated in TypeScript from the Philox4x32-10
 * stream (src/random/), so a seed gives the same tensor on every backend. Without a
 * seed, each call draws a fresh stream of the global seed (`setSeed`).
 */
import { isFloating, parseDType, type DType } from "../dtype/index.js";
import { describeValue, ValueError } from "../errors.js";
import { normalizeSeed, sampleInt, sampleNormal, sampleTruncatedNormal, sampleUniform } from "../random/samplers.js";
import { Tensor } from "../tensor/tensor.js";
import { encodeValues, parseShape } from "./creation.js";
import { sizeOf } from "../backend/shape.js";

let globalSeed = Math.floor(Math.random() * 2 ** 32);
let nextStream = 1;

/**
 * Sets the global seed behind unseeded random ops and restarts their sequence, so a
 * program's random tensors repeat from run to run. Example: `tf.random.setSeed(42)`.
 */
export function setSeed(seed: number): void {
  globalSeed = normalizeSeed(seed);
  nextStream = 1;
}

/** (seed, stream) for one op: the given seed's stream 0, or a fresh stream of the global seed. */
function seedAndStream(seed: number | undefined): [number, number] {
  if (seed === undefined) return [globalSeed, nextStream++];
  return [normalizeSeed(seed), 0];
}

function floatDType(dtype: DType, opName: string): DType {
  const dt = parseDType(dtype);
  if (!isFloating(dt)) throw new TypeError(`Argument 'dtype' of '${opName}' must be a floating dtype, but got: '${dt}'`);
  return dt;
}

function checkNumber(value: number, name: string, opName: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`Argument '${name}' of '${opName}' must be a finite number, but got: ${describeValue(value)}`);
  }
}

function make(values: ArrayLike<number>, shape: number[], dtype: DType): Tensor {
  return Tensor.fromStorage(encodeValues(values, dtype), shape, dtype);
}

/**
 * Uniform values in [minval, maxval). For int32, integers in [minval, maxval).
 * Example: `tf.randomUniform([2, 2], -1, 1, "float32", 7)`.
 */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, dtype: DType = "float32", seed?: number): Tensor {
  const s = parseShape(shape);
  checkNumber(minval, "minval", "randomUniform");
  checkNumber(maxval, "maxval", "randomUniform");
  const dt = parseDType(dtype);
  const [sd, stream] = seedAndStream(seed);
  if (dt === "int32") {
    if (!Number.isInteger(minval) || !Number.isInteger(maxval) || maxval <= minval) {
      throw new ValueError(`'randomUniform' with dtype int32 needs integer minval < maxval, but got ${minval} and ${maxval}`);
    }
    const ints = sampleInt(sizeOf(s), maxval - minval, sd, stream);
    for (let i = 0; i < ints.length; i++) ints[i] += minval;
    return make(ints, s, dt);
  }
  if (!isFloating(dt)) throw new TypeError(`Argument 'dtype' of 'randomUniform' must be a floating dtype or int32, but got: '${dt}'`);
  if (maxval < minval) throw new ValueError(`'randomUniform' needs minval <= maxval, but got ${minval} and ${maxval}`);
  return make(sampleUniform(sizeOf(s), minval, maxval, sd, stream), s, dt);
}

type NormalSampler = (n: number, mean: number, stddev: number, seed: number, stream: number) => Float64Array;

function normalOp(opName: string, sampler: NormalSampler, shape: readonly number[], mean: number, stdDev: number, dtype: DType, seed?: number): Tensor {
  const s = parseShape(shape);
  checkNumber(mean, "mean", opName);
  checkNumber(stdDev, "stdDev", opName);
  const dt = floatDType(dtype, opName);
  const [sd, stream] = seedAndStream(seed);
  return make(sampler(sizeOf(s), mean, stdDev, sd, stream), s, dt);
}

/** Normal values (Box-Muller). Example: `tf.randomNormal([3], 0, 1, "float32", 42)`. */
export function randomNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = "float32", seed?: number): Tensor {
  return normalOp("randomNormal", sampleNormal, shape, mean, stdDev, dtype, seed);
}

/**
 * Normal values with those beyond two standard deviations redrawn, as
 * `tf.random.truncated_normal`. Example: `tf.truncatedNormal([784, 64], 0, 0.05, "float32", 1)`.
 */
export function truncatedNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = "float32", seed?: number): Tensor {
  return normalOp("truncatedNormal", sampleTruncatedNormal, shape, mean, stdDev, dtype, seed);
}
