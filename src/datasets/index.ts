/**
 * `keras.datasets`: ready-made data sets, cached where Python Keras caches them.
 * Example: `const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.mnist.loadData();`
 */
export * as mnist from "./mnist.js";
export { getFile, DownloadError, type GetFileOptions } from "./get-file.js";
export { kerasHome, cacheDir } from "./cache-dir.js";
export { NpyFormatError } from "../io/npy.js";
