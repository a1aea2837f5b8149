/** Captures what the logger writes to stderr while `fn` runs, at log level "info". */
import * as tf from "../../../src/index.js";

export function captureStderr(fn: () => void): string {
  const chunks: string[] = [];
  const original = process.stderr.write;
  const level = tf.config.getLogLevel();
  tf.config.setLogLevel("info");
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = original;
    tf.config.setLogLevel(level);
  }
  return chunks.join("");
}
