/**
 * Numbers to integer dtypes: the one rule `cast` (float -> integer) and tensor creation
 * from JS numbers share. Truncate toward zero, saturate at the dtype's range, NaN to 0:
 * a value that does not fit never wraps silently (TF.js's typed-array store would turn
 * 3e9 into -1294967296 and uint8 300 into 44).
 */

/** The integer dtypes and their ranges. */
export const INT_RANGE = { int32: [-2147483648, 2147483647], uint8: [0, 255] } as const;

export type IntDType = keyof typeof INT_RANGE;

/** `x` as an element of `dtype`. Example: `toIntSaturated(3e9, "int32")` is 2147483647; `toIntSaturated(-1.7, "uint8")` is 0. */
export function toIntSaturated(x: number, dtype: IntDType): number {
  const [lo, hi] = INT_RANGE[dtype];
  const t = Math.trunc(x);
  return t !== t ? 0 : t < lo ? lo : Math.min(t, hi);
}
