/**
 * Captures the strings a call writes to process.stdout / process.stderr. Binary
 * chunks pass through: node:test's child processes report to the runner that way.
 */
export async function capture<T>(stream: "stdout" | "stderr", fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const target = process[stream];
  const original = target.write;
  let text = "";
  target.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === "string") {
      text += chunk;
      return true;
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof target.write;
  try {
    return { result: await fn(), text };
  } finally {
    target.write = original;
  }
}
