/**
 * Creating tensors from JavaScript values: `tensor`, `scalar`, `zeros`, `ones`,
 * `fill`, `range`, `eye`, `zerosLike`, `onesLike`.
 */
import { sizeOf } from "../backend/shape.js";
import { allocStorage, float32ToBfloat16Bits, float32ToFloat16Bits, parseDType, toIntSaturated, type DType, type Storage } from "../dtype/index.js";
import { describeValue, formatShape, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { allocOutput } from "./engine.js";

/** Typed arrays accepted as tensor values. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array | Int16Array | Int8Array | Uint32Array;

/** Values accepted by `tensor()`: a number, a boolean, nested arrays of them, or a typed array. */
export type TensorValues = number | boolean | TypedArray | readonly TensorValues[];

/** Anything an op accepts in place of a tensor. */
export type TensorLike = Tensor | TensorValues;

/** Checks a shape argument: an array of non-negative integers. */
export function parseShape(shape: unknown, argName = "shape"): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(`Argument '${argName}' must be an array of non-negative integers, but got: ${describeValue(shape)}`);
  }
  return [...shape] as number[];
}

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Where values come from, for messages: the argument's name and the function it was passed to. */
export interface ValuesSource {
  readonly argName: string;
  readonly fn: string;
  /** Whether the function takes a Tensor there too (ops do, `tensor` does not). */
  readonly tensorToo?: boolean;
}

const TENSOR_VALUES: ValuesSource = { argName: "values", fn: "tensor" };

/** Flattens nested arrays, checking that they are rectangular; returns values and inferred shape. */
function flatten(values: TensorValues, from: ValuesSource): { flat: ArrayLike<number | boolean>; shape: number[] } {
  const { argName } = from;
  const arg = `Argument '${argName}' passed to '${from.fn}'`;
  if (typeof values === "number" || typeof values === "boolean") return { flat: [values], shape: [] };
  if (isTypedArray(values)) return { flat: values, shape: [values.length] };
  if (!Array.isArray(values))
    throw new TypeError(`${arg} must be a ${from.tensorToo ? "Tensor, " : ""}number, boolean, array or typed array, but got: ${describeValue(values)}`);
  const shape: number[] = [];
  for (let v: unknown = values; Array.isArray(v) || isTypedArray(v); v = (v as ArrayLike<unknown>)[0]) {
    shape.push((v as ArrayLike<unknown>).length);
    if ((v as ArrayLike<unknown>).length === 0) break;
  }
  const flat: (number | boolean)[] = [];
  const walk = (v: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof v !== "number" && typeof v !== "boolean") {
        throw new TypeError(`${arg} must hold numbers or booleans, but ${argName}${path} is ${describeValue(v)}`);
      }
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) && !isTypedArray(v)) {
      throw new ValueError(`${arg} is not rectangular: ${argName}${path} should be an array of ${shape[dim]} elements, but is ${describeValue(v)}`);
    }
    const arr = v as ArrayLike<unknown>;
    if (arr.length !== shape[dim]) {
      throw new ValueError(`${arg} is not rectangular: ${argName}${path} should have ${shape[dim]} elements, but has ${arr.length} elements`);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], dim + 1, `${path}[${i}]`);
  };
  walk(values, 0, "");
  return { flat, shape };
}

function inferDType(values: TensorValues, flat: ArrayLike<number | boolean>): DType {
  if (values instanceof Int32Array) return "int32";
  if (values instanceof Uint8Array) return "uint8";
  if (values instanceof Float64Array) return "float64";
  if (isTypedArray(values)) return "float32";
  return flat.length > 0 && typeof flat[0] === "boolean" ? "bool" : "float32";
}

/**
 * Storage of `dtype` holding `flat`, by `cast`'s rule from float64: floats round to
 * nearest even, integers truncate toward zero and saturate (NaN is 0), bool is x != 0.
 */
export function encodeValues(flat: ArrayLike<number | boolean>, dtype: DType): Storage {
  const n = flat.length;
  const out = allocStorage(dtype, n);
  if (dtype === "float16" || dtype === "bfloat16") {
    const enc = dtype === "float16" ? float32ToFloat16Bits : float32ToBfloat16Bits;
    for (let i = 0; i < n; i++) out[i] = enc(Number(flat[i]));
  } else if (dtype === "bool") {
    for (let i = 0; i < n; i++) out[i] = Number(flat[i]) !== 0 ? 1 : 0;
  } else if (dtype === "int32" || dtype === "uint8") {
    for (let i = 0; i < n; i++) out[i] = toIntSaturated(Number(flat[i]), dtype);
  } else {
    for (let i = 0; i < n; i++) out[i] = Number(flat[i]);
  }
  return out;
}

/**
 * A tensor from values. The shape is inferred from nested arrays unless given; the
 * dtype is float32 for numbers, bool for booleans, or follows the typed array. Numbers
 * convert as `cast` converts float64: 16-bit floats round to nearest even, int32/uint8
 * truncate toward zero and saturate (NaN is 0), bool is x != 0.
 * Example: `tf.tensor([[1, 2], [3, 4]], undefined, "float16")`.
 */
export function tensor(values: TensorValues, shape?: readonly number[], dtype?: DType): Tensor {
  return tensorFrom(values, shape, dtype, TENSOR_VALUES);
}

/** @internal `tensor`, its messages naming the argument and function the values were passed to. */
export function tensorFrom(values: TensorValues, shape: readonly number[] | undefined, dtype: DType | undefined, from: ValuesSource): Tensor {
  const { flat, shape: inferred } = flatten(values, from);
  const dt = dtype === undefined ? inferDType(values, flat) : parseDType(dtype);
  let finalShape = inferred;
  if (shape !== undefined) {
    finalShape = parseShape(shape);
    if (sizeOf(finalShape) !== flat.length) {
      if (flat.length === 1 && inferred.length === 0) return fill(finalShape, flat[0] as number, dt);
      throw new ValueError(
        `Based on the provided shape, ${formatShape(finalShape)}, the tensor should have ${sizeOf(finalShape)} values but has ${flat.length}`,
      );
    }
  }
  return Tensor.fromStorage(encodeValues(flat, dt), finalShape, dt);
}

/** A rank-0 tensor. Example: `tf.scalar(256, "float16")`. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`Argument 'value' of scalar must be a number or boolean, but got: ${describeValue(value)}`);
  }
  return tensor(value, [], dtype);
}

/** A tensor of `shape` with every element `value`. Example: `tf.fill([2, 2], 7)`. */
export function fill(shape: readonly number[], value: number | boolean, dtype?: DType): Tensor {
  const s = parseShape(shape);
  const dt = dtype === undefined ? (typeof value === "boolean" ? "bool" : "float32") : parseDType(dtype);
  const one = encodeValues([value], dt);
  const storage = allocOutput(dt, sizeOf(s), `fill (shape [${s.join(",")}])`);
  storage.fill(one[0]!);
  return Tensor.fromStorage(storage, s, dt);
}

/** Zeros. Example: `tf.zeros([2, 3], "bfloat16")`. */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return fill(shape, 0, dtype);
}

/** Ones. Example: `tf.ones([4096], "float16")`. */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return fill(shape, 1, dtype);
}

/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: Tensor): Tensor {
  return zeros(x.shape, x.dtype);
}

/** Ones with the shape and dtype of `x`. */
export function onesLike(x: Tensor): Tensor {
  return ones(x.shape, x.dtype);
}

/**
 * Evenly spaced values in [start, stop) (TensorFlow.js's `tf.range`).
 * Example: `tf.range(0, 5, 2)` is `[0, 2, 4]`.
 */
export function range(start: number, stop: number, step = 1, dtype: DType = "float32"): Tensor {
  for (const [name, v] of [
    ["start", start],
    ["stop", stop],
    ["step", step],
  ] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`Argument '${name}' of range must be a finite number, but got: ${describeValue(v)}`);
  }
  if (step === 0) throw new ValueError("Argument 'step' of range must not be 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return Tensor.fromStorage(encodeValues(values, parseDType(dtype)), [n], parseDType(dtype));
}

/**
 * An identity matrix, optionally batched (TensorFlow's `tf.eye`).
 * Example: `tf.eye(2)` is `[[1, 0], [0, 1]]`; `tf.eye(2, 3)` is 2x3.
 */
export function eye(numRows: number, numColumns: number = numRows, batchShape: readonly number[] = [], dtype: DType = "float32"): Tensor {
  for (const [name, v] of [
    ["numRows", numRows],
    ["numColumns", numColumns],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`Argument '${name}' of eye must be a non-negative integer, but got: ${describeValue(v)}`);
  }
  const batch = parseShape(batchShape, "batchShape");
  const dt = parseDType(dtype);
  const shape = [...batch, numRows, numColumns];
  const storage = allocStorage(dt, sizeOf(shape));
  const one = encodeValues([1], dt)[0]!;
  const mat = numRows * numColumns;
  for (let b = 0; b < sizeOf(batch); b++) {
    for (let i = 0; i < Math.min(numRows, numColumns); i++) storage[b * mat + i * numColumns + i] = one;
  }
  return Tensor.fromStorage(storage, shape, dt);
}
