/** The dtype module: the dtype table, half-precision conversions and type promotion. */
export * from "./dtypes.js";
export * from "./float16.js";
export * from "./bfloat16.js";
export * from "./promotion.js";
export * from "./integers.js";
