/**
 * The dtype table: every dtype kerats knows, with its item size, kind and the
 * typed array that stores it. float16 and bfloat16 are stored as raw bits in a
 * Uint16Array because Node 20 has no Float16Array.
 */

/** All dtype names, in promotion order within each kind. */
export const DTYPES = ["bool", "uint8", "int32", "float16", "bfloat16", "float32", "float64"] as const;

/** A dtype name such as `"float32"` or `"bfloat16"`. */
export type DType = (typeof DTYPES)[number];

/** The floating dtypes. */
export type FloatDType = "float16" | "bfloat16" | "float32" | "float64";

/** The 16-bit floating dtypes, stored as bits in a Uint16Array. */
export type HalfDType = "float16" | "bfloat16";

/** The typed array that holds a tensor's elements for each dtype. */
export interface StorageMap {
  bool: Uint8Array;
  uint8: Uint8Array;
  int32: Int32Array;
  float16: Uint16Array;
  bfloat16: Uint16Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** Any storage array. */
export type Storage = StorageMap[DType];

export interface DTypeInfo {
  readonly name: DType;
  /** Bytes per element. */
  readonly itemsize: number;
  readonly isFloating: boolean;
  readonly isInteger: boolean;
  /** Constructor of the storage array. */
  readonly storage: { new (length: number): Storage; new (buffer: ArrayBufferLike, byteOffset: number, length: number): Storage };
}

const table: { readonly [D in DType]: DTypeInfo } = {
  bool: { name: "bool", itemsize: 1, isFloating: false, isInteger: false, storage: Uint8Array },
  uint8: { name: "uint8", itemsize: 1, isFloating: false, isInteger: true, storage: Uint8Array },
  int32: { name: "int32", itemsize: 4, isFloating: false, isInteger: true, storage: Int32Array },
  float16: { name: "float16", itemsize: 2, isFloating: true, isInteger: false, storage: Uint16Array },
  bfloat16: { name: "bfloat16", itemsize: 2, isFloating: true, isInteger: false, storage: Uint16Array },
  float32: { name: "float32", itemsize: 4, isFloating: true, isInteger: false, storage: Float32Array },
  float64: { name: "float64", itemsize: 8, isFloating: true, isInteger: false, storage: Float64Array },
};

/** Facts about a dtype. Example: `dtypeInfo("bfloat16").itemsize === 2`. */
export function dtypeInfo(dtype: DType): DTypeInfo {
  return table[dtype];
}

/** True for the names in `DTYPES`. Example: `isDType("float16") === true`. */
export function isDType(value: unknown): value is DType {
  return typeof value === "string" && Object.hasOwn(table, value);
}

/** Bytes per element. Example: `itemsize("float16") === 2`. */
export function itemsize(dtype: DType): number {
  return table[dtype].itemsize;
}

/** True for float16, bfloat16, float32 and float64. */
export function isFloating(dtype: DType): dtype is FloatDType {
  return table[dtype].isFloating;
}

/** True for float16 and bfloat16, whose storage holds bits rather than numbers. */
export function isHalf(dtype: DType): dtype is HalfDType {
  return dtype === "float16" || dtype === "bfloat16";
}

/** True for uint8 and int32. */
export function isInteger(dtype: DType): boolean {
  return table[dtype].isInteger;
}

/** A new zero-filled storage array of `length` elements. */
export function allocStorage<D extends DType>(dtype: D, length: number): StorageMap[D] {
  return new table[dtype].storage(length) as StorageMap[D];
}

/**
 * Checks a dtype argument and returns it typed; throws a TypeError naming the
 * argument and the allowed dtypes otherwise.
 * Example: `parseDType("float16")` returns `"float16"`; `parseDType("half")` throws.
 */
export function parseDType(value: unknown, argName = "dtype", allowed: readonly DType[] = DTYPES): DType {
  if (isDType(value) && allowed.includes(value)) return value;
  const got = typeof value === "string" ? `'${value}'` : String(value);
  throw new TypeError(`Argument '${argName}' must be one of ${allowed.map((d) => `'${d}'`).join(", ")}, but got: ${got}`);
}
