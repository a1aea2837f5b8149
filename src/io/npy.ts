/**
 * NumPy's `.npy` format (versions 1.0, 2.0 and 3.0): the magic `\x93NUMPY`, two
 * version bytes, a little-endian header length (2 bytes in 1.0, 4 after), a Python
 * dict literal `{'descr': '<u1', 'fortran_order': False, 'shape': (60000, 28, 28), }`,
 * then the raw C-order data. Parsed by hand because only these few dtypes are needed
 * and every failure should say which file and member is broken.
 */
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** Dtypes read: descr (NumPy's, little-endian or byte-order free) -> item size. */
const ITEM_SIZES: Readonly<Record<string, number>> = { "|b1": 1, "|u1": 1, "<u1": 1, "<i4": 4, "<i8": 8, "<f2": 2, "<f4": 4, "<f8": 8 };

/** A parsed array: its NumPy dtype string, shape and values in a matching typed array. */
export interface NpyArray {
  readonly descr: string;
  readonly shape: readonly number[];
  /** float16 ('<f2') data holds the bits in a Uint16Array. */
  readonly data: Uint8Array | Int32Array | BigInt64Array | Uint16Array | Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** A corrupt or unsupported `.npy`/`.npz`; the message names the file (and zip member). Example: `e instanceof NpyFormatError`. */
export class NpyFormatError extends ValueError {
  override name = "NpyFormatError";
}

function headerField(header: string, key: string, pattern: string, where: string): string {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*(${pattern})`).exec(header);
  if (!m) throw new NpyFormatError(`${where}: the header has no valid '${key}' entry: ${header.trim()}`);
  return m[1]!;
}

/**
 * Parses `.npy` bytes; `where` names the source in errors ("mnist.npz, member x_train.npy").
 * Example: `parseNpy(bytes, "x.npy")` gives `{ descr: "|u1", shape: [2, 3], data: Uint8Array(6) }`.
 */
export function parseNpy(bytes: Uint8Array, where: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyFormatError(`${where} is not a .npy array: it does not start with the magic string \\x93NUMPY`);
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new NpyFormatError(`${where} has .npy format version ${major}.${bytes[7]}; versions 1.0, 2.0 and 3.0 are supported`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) throw new NpyFormatError(`${where} is truncated inside its .npy header`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenSize + headerLen;
  if (bytes.length < start) throw new NpyFormatError(`${where} is truncated: its .npy header claims ${headerLen} bytes but the file ends first`);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(8 + lenSize, start));
  const descr = headerField(header, "descr", "'[^']*'|\"[^\"]*\"", where).slice(1, -1);
  const fortran = headerField(header, "fortran_order", "True|False", where);
  const shapeText = headerField(header, "shape", "\\([^)]*\\)", where);
  const itemSize = ITEM_SIZES[descr];
  if (itemSize === undefined) {
    throw new NpyFormatError(
      `${where} has dtype '${descr}'; supported are ${Object.keys(ITEM_SIZES)
        .map((d) => `'${d}'`)
        .join(", ")}`,
    );
  }
  if (fortran !== "False") throw new NpyFormatError(`${where} is stored in Fortran order; only C order (fortran_order False) is supported`);
  const dims = shapeText
    .slice(1, -1)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (dims.some((d) => !/^\d+$/.test(d))) throw new NpyFormatError(`${where} has an invalid shape ${shapeText}`);
  const shape = dims.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - start;
  if (available !== count * itemSize) {
    throw new NpyFormatError(
      `${where} is ${available < count * itemSize ? "truncated" : "corrupt"}: shape ${shapeText} of '${descr}' needs ${count * itemSize} data bytes but ${available} follow the header`,
    );
  }
  return { descr, shape, data: decode(descr, view, start, count) };
}

/** Little-endian values through a DataView, so the result is right on any host. */
function decode(descr: string, view: DataView, start: number, n: number): NpyArray["data"] {
  const { buffer, byteOffset } = view;
  if (descr.endsWith("u1") || descr === "|b1") return new Uint8Array(buffer.slice(byteOffset + start, byteOffset + start + n));
  if (descr === "<i4") return fill(new Int32Array(n), (i) => view.getInt32(start + 4 * i, true));
  if (descr === "<f2") return fill(new Uint16Array(n), (i) => view.getUint16(start + 2 * i, true));
  if (descr === "<f4") return fill(new Float32Array(n), (i) => view.getFloat32(start + 4 * i, true));
  if (descr === "<f8") return fill(new Float64Array(n), (i) => view.getFloat64(start + 8 * i, true));
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getBigInt64(start + 8 * i, true);
  return out;
}

function fill<A extends Int32Array | Uint16Array | Float32Array | Float64Array>(out: A, at: (i: number) => number): A {
  for (let i = 0; i < out.length; i++) out[i] = at(i);
  return out;
}

/**
 * The array as a tensor: uint8 stays uint8, bool ('|b1') bool, int32/float32/float64 keep their dtype,
 * int64 becomes int32 (kerats has no int64) and must fit.
 * Example: `npyToTensor(parseNpy(bytes, "y.npy"), "y.npy").dtype` is "uint8" for '|u1'.
 */
export function npyToTensor(a: NpyArray, where: string): Tensor {
  const d = a.data;
  if (d instanceof Uint8Array) {
    if (a.descr !== "|b1") return Tensor.fromStorage(d, a.shape, "uint8");
    // NumPy writes a bool as one byte, 0 or 1; any other byte is not a bool it wrote.
    const bad = d.findIndex((v) => v > 1);
    if (bad >= 0) throw new NpyFormatError(`${where} holds the byte ${d[bad]} at index ${bad} of a bool array; NumPy writes only 0 and 1`);
    return Tensor.fromStorage(d, a.shape, "bool");
  }
  if (d instanceof Int32Array) return Tensor.fromStorage(d, a.shape, "int32");
  if (d instanceof Float32Array) return Tensor.fromStorage(d, a.shape, "float32");
  if (d instanceof Float64Array) return Tensor.fromStorage(d, a.shape, "float64");
  if (d instanceof Uint16Array) return Tensor.fromStorage(d, a.shape, "float16");
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < -2147483648n || v > 2147483647n) throw new NpyFormatError(`${where} holds the int64 value ${v} at index ${i}, which does not fit int32`);
    out[i] = Number(v);
  }
  return Tensor.fromStorage(out, a.shape, "int32");
}
