/**
 * The IDX format of the original MNIST files: two zero bytes, a dtype code, the number
 * of dimensions, each dimension as a big-endian uint32, then the values in C order.
 * Only unsigned bytes (code 0x08) are read: MNIST's images and labels are bytes, and
 * the wider codes would need byte swapping that nothing here uses or tests.
 */
import { formatShape, ValueError } from "../errors.js";

/** A corrupt or unsupported IDX file; the message names the file. Example: `e instanceof IdxFormatError`. */
export class IdxFormatError extends ValueError {
  override name = "IdxFormatError";
}

/** A parsed IDX array of unsigned bytes. `data` is a view into the bytes given to `parseIdx`. */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;
/** The dtype codes IDX defines, to say what an unsupported file holds. */
const CODE_NAMES: Readonly<Record<number, string>> = { 0x08: "uint8", 0x09: "int8", 0x0b: "int16", 0x0c: "int32", 0x0d: "float32", 0x0e: "float64" };

const hex = (b: number): string => `0x${b.toString(16).padStart(2, "0")}`;

/**
 * Parses IDX bytes; `where` names the source in errors.
 * Example: `parseIdx(bytes, "train-labels-idx1-ubyte").shape` is `[60000]`.
 */
export function parseIdx(bytes: Uint8Array, where: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[3] === 0) {
    const start = Array.from(bytes.subarray(0, 4), hex).join(" ") || "nothing";
    throw new IdxFormatError(
      `${where} is not an IDX file: its magic must be 0x00 0x00, a dtype code and a dimension count of at least 1, but it starts with ${start}`,
    );
  }
  const code = bytes[2]!;
  if (code !== UBYTE) {
    const name = CODE_NAMES[code] === undefined ? "not an IDX dtype" : CODE_NAMES[code];
    throw new IdxFormatError(`${where} has IDX dtype code ${hex(code)} (${name}); only unsigned bytes (0x08), as in MNIST, are supported`);
  }
  const rank = bytes[3]!;
  const start = 4 + 4 * rank;
  if (bytes.length < start) {
    throw new IdxFormatError(`${where} is truncated: its header declares ${rank} dimensions, ${start} bytes, but the file has ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - start;
  if (available !== count) {
    throw new IdxFormatError(
      `${where} is ${available < count ? "truncated" : "corrupt"}: shape ${formatShape(shape)} of uint8 needs ${count} data bytes, but ${available} follow the header`,
    );
  }
  return { shape, data: bytes.subarray(start) };
}
