/**
 * HDF5 files through h5wasm (HDF5 compiled to WebAssembly, imported on first use): a
 * file is read whole into a tree of groups, string attributes and datasets, and written
 * from one. Datasets are read as raw bytes, so IEEE half (`<f2`) and Keras's opaque
 * bfloat16 (`|V2` with a `dtype="bfloat16"` attribute) load on Node 20, which has no
 * Float16Array for h5wasm's own conversion. h5wasm 0.10 cannot create 16-bit float or
 * opaque datasets, so writing takes float32, float64, int32 and int64 data only.
 */
import { open } from "node:fs/promises";
import { ValueError } from "../errors.js";

/** The element types a dataset can have here. */
export type H5DType = "float64" | "float32" | "float16" | "bfloat16" | "int64" | "int32";

/** Typed data of each element type (16-bit floats as their bits). */
export type H5Data = Float64Array | Float32Array | Uint16Array | BigInt64Array | Int32Array;

export interface H5Dataset {
  readonly kind: "dataset";
  readonly dtype: H5DType;
  readonly shape: readonly number[];
  readonly data: H5Data;
  readonly attrs: Readonly<Record<string, string>>;
}

export interface H5Group {
  readonly kind: "group";
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: ReadonlyMap<string, H5Group | H5Dataset>;
}

/** A group with these attributes and members (in the given order). Example: `h5Group({ name: "dense" }, [["0", ds]])`. */
export function h5Group(attrs: Record<string, string>, children: Iterable<[string, H5Group | H5Dataset]> = []): H5Group {
  return { kind: "group", attrs, children: new Map(children) };
}

/** A dataset of `data` with `shape`. Example: `h5Dataset("float32", [2], new Float32Array([1, 2]))`. */
export function h5Dataset(dtype: H5DType, shape: readonly number[], data: H5Data, attrs: Record<string, string> = {}): H5Dataset {
  return { kind: "dataset", dtype, shape, data, attrs };
}

/** The member at `path` below `tree`, or undefined. Example: `h5Find(tree, ["optimizer", "vars"])`. */
export function h5Find(tree: H5Group, path: readonly string[]): H5Group | H5Dataset | undefined {
  let node: H5Group | H5Dataset | undefined = tree;
  for (const key of path) node = node?.kind === "group" ? node.children.get(key) : undefined;
  return node;
}

type H5wasm = typeof import("h5wasm/node").default;
type Module = Awaited<H5wasm["ready"]>;
type Entity = ReturnType<InstanceType<H5wasm["File"]>["get"]>;
type H5GroupHandle = InstanceType<H5wasm["Group"]>;

let loaded: Promise<{ h5: H5wasm; module: Module }> | null = null;

/** h5wasm, loaded once (its WebAssembly module takes a moment to compile). */
function h5wasm(): Promise<{ h5: H5wasm; module: Module }> {
  loaded ??= import("h5wasm/node").then(async ({ default: h5 }) => {
    const module = await h5.ready;
    // HDF5 errors become exceptions instead of diagnostics printed to stderr.
    module.activate_throwing_error_handler();
    return { h5, module };
  });
  return loaded;
}

// H5T_class_t values (H5Tpublic.h).
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_OPAQUE = 5;

interface Metadata {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
  shape: number[] | null;
  total_size: number;
}

function elementType(meta: Metadata, attrs: Record<string, string>, where: string): H5DType {
  // Opaque data has no byte order; numbers must be little-endian (as every writer here makes them).
  if (meta.type !== H5T_OPAQUE && !meta.littleEndian) throw new ValueError(`${where}: big-endian data is not supported`);
  if (meta.type === H5T_FLOAT && meta.size === 8) return "float64";
  if (meta.type === H5T_FLOAT && meta.size === 4) return "float32";
  if (meta.type === H5T_FLOAT && meta.size === 2) return "float16";
  if (meta.type === H5T_OPAQUE && meta.size === 2 && attrs.dtype === "bfloat16") return "bfloat16";
  if (meta.type === H5T_INTEGER && meta.signed && meta.size === 8) return "int64";
  if (meta.type === H5T_INTEGER && meta.signed && meta.size === 4) return "int32";
  throw new ValueError(
    `${where}: unsupported HDF5 data type (class ${meta.type}, ${meta.size} bytes${attrs.dtype ? `, dtype attribute '${attrs.dtype}'` : ""})`,
  );
}

function typedView(dtype: H5DType, bytes: Uint8Array): H5Data {
  const b = bytes.buffer;
  switch (dtype) {
    case "float64":
      return new Float64Array(b);
    case "float32":
      return new Float32Array(b);
    case "int64":
      return new BigInt64Array(b);
    case "int32":
      return new Int32Array(b);
    default:
      return new Uint16Array(b);
  }
}

function readAttrs(entity: { attrs: Record<string, { value: unknown }> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, a] of Object.entries(entity.attrs)) if (typeof a.value === "string") out[k] = a.value;
  return out;
}

function readDataset(module: Module, d: Extract<Entity, { shape: unknown }>, where: string): H5Dataset {
  const attrs = readAttrs(d as never);
  const meta = d.metadata as unknown as Metadata;
  const dtype = elementType(meta, attrs, where);
  const nbytes = meta.size * meta.total_size;
  const ptr = module._malloc(Math.max(nbytes, 1));
  try {
    module.get_dataset_data(d.file_id, d.path, null, null, null, BigInt(ptr));
    // A copy into a fresh (aligned) buffer: the heap view moves when wasm memory grows.
    const bytes = module.HEAPU8.slice(ptr, ptr + nbytes);
    return h5Dataset(dtype, meta.shape ?? [], typedView(dtype, bytes), attrs);
  } finally {
    module._free(ptr);
  }
}

function readGroup(h5: H5wasm, module: Module, g: H5GroupHandle, file: string): H5Group {
  const children: [string, H5Group | H5Dataset][] = [];
  for (const key of g.keys()) {
    const child = g.get(key);
    const where = `'${g.path === "/" ? "" : g.path}/${key}' in ${file}`;
    if (child instanceof h5.Group) children.push([key, readGroup(h5, module, child, file)]);
    else if (child instanceof h5.Dataset) children.push([key, readDataset(module, child, where)]);
  }
  return h5Group(readAttrs(g as never), children);
}

// Every HDF5 file Keras and h5py write starts with this signature (no user block).
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5's error stack in one line: its innermost reason. */
function h5Reason(e: unknown): string {
  const text = String((e as Error)?.message ?? e);
  const minors = [...text.matchAll(/minor: (.*)/g)].map((m) => m[1]!.trim());
  return minors.at(-1) ?? text.split("\n")[0]!;
}

/** Reads the whole file at `path`; `file` names it in errors. Example: `await readH5("m.weights.h5")`. */
export async function readH5(path: string, file = path): Promise<H5Group> {
  const handle = await open(path, "r");
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead < 8 || SIGNATURE.some((b, i) => head[i] !== b)) throw new ValueError(`${file} is not an HDF5 file (no HDF5 signature at its start)`);
  } finally {
    await handle.close();
  }
  const { h5, module } = await h5wasm();
  let f: InstanceType<H5wasm["File"]>;
  try {
    f = new h5.File(path, "r");
  } catch (e) {
    throw new ValueError(`Cannot read ${file} as HDF5: ${h5Reason(e)}`);
  }
  try {
    return readGroup(h5, module, f, file);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`Cannot read ${file} as HDF5: ${h5Reason(e)}`);
  } finally {
    f.close();
  }
}

const WRITE_DTYPE: Partial<Record<H5DType, string>> = { float64: "<d", float32: "<f", int64: "<q", int32: "<i" };

function writeGroup(g: H5GroupHandle, tree: H5Group): void {
  for (const [k, v] of Object.entries(tree.attrs)) g.create_attribute(k, v);
  for (const [name, child] of tree.children) {
    if (child.kind === "group") {
      writeGroup(g.create_group(name), child);
      continue;
    }
    const dtype = WRITE_DTYPE[child.dtype];
    if (!dtype) throw new ValueError(`Cannot write dataset '${name}': h5wasm creates no ${child.dtype} datasets`);
    const d = g.create_dataset({ name, data: child.data as never, shape: [...child.shape], dtype });
    for (const [k, v] of Object.entries(child.attrs)) d.create_attribute(k, v);
  }
}

/** Writes `tree` as the HDF5 file `path` (replacing it). Example: `await writeH5("m.weights.h5", h5Group({}))`. */
export async function writeH5(path: string, tree: H5Group): Promise<void> {
  const { h5 } = await h5wasm();
  const f = new h5.File(path, "w");
  try {
    writeGroup(f, tree);
  } finally {
    f.close();
  }
}
