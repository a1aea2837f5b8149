/** Builds `.npy` bytes in tests, as NumPy writes them (header padded to 64 bytes, ending in "\n"). */

export interface NpyOptions {
  version?: 1 | 2 | 3;
  fortranOrder?: boolean;
  magic?: string;
}

/** A `.npy` holding `data` (already little-endian bytes) with NumPy dtype `descr`. */
export function npyBytes(descr: string, shape: readonly number[], data: Uint8Array, options: NpyOptions = {}): Uint8Array {
  const { version = 1, fortranOrder = false, magic = "\x93NUMPY" } = options;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const lenSize = version === 1 ? 2 : 4;
  const pad = 64 - ((8 + lenSize + header.length + 1) % 64);
  header += `${" ".repeat(pad % 64)}\n`;
  const out = new Uint8Array(8 + lenSize + header.length + data.length);
  for (let i = 0; i < 6; i++) out[i] = magic.charCodeAt(i);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[8 + lenSize + i] = header.charCodeAt(i);
  out.set(data, 8 + lenSize + header.length);
  return out;
}

/** uint8 values as `|u1` data. */
export function u1(values: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(values);
}

/** Integers as little-endian int64 (`<i8`) bytes. */
export function i8(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

/** Numbers as little-endian float32 (`<f4`) bytes. */
export function f4(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}
