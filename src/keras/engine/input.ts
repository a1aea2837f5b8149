/** `keras.Input` and the InputLayer it creates: the symbolic entry point of a functional model. */
import { parseDType, type DType } from "../../dtype/index.js";
import { describeValue, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { KerasTensor, type SymbolicShape } from "./keras-tensor.js";
import { Layer, libraryCall } from "./layer.js";
import { uniqueName } from "./naming.js";
import { registerBuiltIn } from "../saving/object-registry.js";

export interface InputOptions {
  /** The shape of one example, without the batch dimension; null for unknown sizes. */
  shape?: readonly (number | null)[];
  /** A fixed batch size (default: unknown). */
  batchSize?: number;
  /** The full shape including the batch dimension, instead of `shape`. */
  batchShape?: readonly (number | null)[];
  name?: string;
  /** Default float32, as Keras. */
  dtype?: DType;
}

/** The layer behind a `keras.Input`: it holds the input's shape and passes data through. */
export class InputLayer extends Layer {
  readonly batchShape: SymbolicShape;
  readonly inputDtype: DType;
  /** The symbolic tensor it feeds into a model (what `keras.Input` returns). */
  readonly output: KerasTensor;

  constructor(batchShape: SymbolicShape, dtype: DType, name: string) {
    super({ name, dtype: "float32", autocast: false });
    this.batchShape = batchShape;
    this.inputDtype = dtype;
    this.output = new KerasTensor(batchShape, dtype, name, { layer: this, inputs: [] });
  }

  /** Keras's InputLayer config: `{ batchShape, dtype, name }` (the dtype is the input's, a dtype name). */
  override getConfig(): Record<string, unknown> {
    return { batchShape: [...this.batchShape], dtype: this.inputDtype, name: this.name };
  }

  /** Example: `InputLayer.fromConfig({ batchShape: [null, 784], dtype: "float32", name: "digits" }).output`. */
  static override fromConfig<T extends Layer>(this: new (...args: never[]) => T, config: Record<string, unknown>): T {
    // tf.keras 2 wrote `batch_input_shape`.
    const { batchShape, batchInputShape, dtype, name, ...rest } = config;
    if (Object.keys(rest).length > 0) throw new ValueError(`Unrecognized keyword arguments passed to InputLayer: ${JSON.stringify(rest)}`);
    return Input({ batchShape: (batchShape ?? batchInputShape) as (number | null)[], dtype: (dtype ?? "float32") as DType, name: name as string | undefined })
      .history!.layer as unknown as T;
  }

  call(inputs: Tensor): Tensor {
    return inputs;
  }

  override computeOutputDtype(): DType {
    return this.inputDtype;
  }
}

libraryCall(InputLayer);
registerBuiltIn("layer", "InputLayer", InputLayer);

function checkDims(dims: readonly (number | null)[], argName: string): void {
  if (!Array.isArray(dims) || !dims.every((d) => d === null || (Number.isInteger(d) && d >= 0))) {
    throw new ValueError(`Argument '${argName}' of Input must be an array of non-negative integers or null, but got: ${describeValue(dims)}`);
  }
}

/**
 * A symbolic input of shape `[batchSize ?? null, ...shape]`.
 * Example: `const inputs = keras.Input({ shape: [784], name: "digits" })`.
 */
export function Input(options: InputOptions): KerasTensor {
  if (typeof options !== "object" || options === null) throw new TypeError(`Input expects an options object, but got: ${describeValue(options)}`);
  const { shape, batchShape, batchSize, name, dtype = "float32" } = options;
  if ((shape === undefined) === (batchShape === undefined)) {
    throw new ValueError("Please provide to Input a `shape` or a `batchShape` argument (one of them, not both).");
  }
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new ValueError(`Argument 'batchSize' of Input must be a positive integer, but got: ${describeValue(batchSize)}`);
  }
  let full: (number | null)[];
  if (batchShape !== undefined) {
    checkDims(batchShape, "batchShape");
    full = [...batchShape];
  } else {
    checkDims(shape!, "shape");
    full = [batchSize ?? null, ...shape!];
  }
  // Keras numbers unnamed inputs from 1: input_1, input_2, ...
  return new InputLayer(full, parseDType(dtype), name ?? uniqueName("input", 1)).output;
}
