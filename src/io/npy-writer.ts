/**
 * Writing tensors as NumPy `.npy` (format 1.0) and `.npz` (`np.savez`'s layout: members
 * `arr_0.npy`, `arr_1.npy`, ... or named ones), byte for byte what `np.save` writes for
 * the same array, readable by `np.load` and by npy.ts. bfloat16 has no NumPy dtype, so it
 * is widened to float32 (exactly).
 */
import { zipSync } from "fflate";
import { bfloat16ArrayToFloat32, type DType } from "../dtype/index.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";

const DESCR: Partial<Record<DType, string>> = { bool: "|b1", uint8: "|u1", int32: "<i4", float16: "<f2", float32: "<f4", float64: "<f8" };

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The `.npy` bytes of a tensor. Example: `encodeNpy(tf.tensor([1, 2]))`. */
export function encodeNpy(t: Tensor): Uint8Array {
  if (!littleEndian) throw new ValueError("Writing .npy files needs a little-endian host");
  const wide = t.dtype === "bfloat16";
  const descr = wide ? "<f4" : DESCR[t.dtype];
  if (!descr) throw new ValueError(`Cannot write a ${t.dtype} tensor as .npy`);
  const data = wide ? bfloat16ArrayToFloat32(t.bitsSync() as Uint16Array) : t.bitsSync();
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // As np.save: room for the first axis to grow to 21 digits (so the header can be rewritten
  // in place), then 1 to 64 spaces and '\n' so the data starts on a 64-byte boundary.
  if (t.shape.length > 0) header += " ".repeat(21 - String(t.shape[0]).length);
  header += `${" ".repeat(64 - ((10 + header.length + 1) % 64))}\n`;
  const total = 10 + header.length;
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

/** An uncompressed `.npz` of named arrays. Example: `encodeNpz({ arr_0: w })`. */
export function encodeNpz(arrays: Readonly<Record<string, Tensor>>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(arrays).map(([k, t]) => [`${k}.npy`, [encodeNpy(t), { level: 0 }]])));
}
