/**
 * The guard of every test that needs the native backend. `npm install` builds the addon
 * unless KERATS_SKIP_NATIVE=1 opts out (scripts/build-native.mjs), so without that opt-out
 * a missing addon is a broken build: importing this module then throws, which fails the
 * test file with the reason instead of reporting its tests as skipped.
 */
import * as tf from "../../../src/index.js";
import { ADDON_PATH, loadAddon } from "../../../src/backend/native/native-addon.js";

/** Whether the native backend is registered (the addon loaded). */
export const hasNative = tf.listBackends().includes("native");

const optedOut = process.env.KERATS_SKIP_NATIVE === "1";

if (!hasNative && !optedOut) {
  const loaded = loadAddon(ADDON_PATH);
  const reason = "error" in loaded ? loaded.error : "it loaded here but the backend did not register";
  throw new Error(
    `The native tests need the addon, but ${reason}. \`npm install\` builds it with node-gyp (a C++ compiler and Python are needed; ` +
      "`npm run install` rebuilds it and prints why it fails). Set KERATS_SKIP_NATIVE=1 to test without it.",
  );
}

/** The `skip` option of a native test: false, or the opt-out that leaves it out. */
export const skipNative: string | false = hasNative ? false : "the native backend was not built (KERATS_SKIP_NATIVE=1)";

/** Runs `fn` with `backend` active and restores the previous one. */
export function onBackend<T>(backend: string, fn: () => T): T {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    return fn();
  } finally {
    tf.setBackend(previous);
  }
}
