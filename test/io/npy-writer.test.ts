import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/index.js";
import { encodeNpy, encodeNpz } from "../../src/io/npy-writer.js";
import { npyToTensor, parseNpy } from "../../src/io/npy.js";
import { readNpz } from "../../src/io/npz.js";

test(".npy round trip for every writable dtype, with NumPy's 64-byte header alignment", () => {
  for (const dtype of ["float32", "float16", "float64", "int32", "uint8"] as const) {
    const t = tf.tensor(
      [
        [1, 2, 3],
        [4, 5, 250],
      ],
      [2, 3],
      dtype,
    );
    const bytes = encodeNpy(t);
    const dataStart = 10 + (bytes[8]! | (bytes[9]! << 8));
    assert.equal(dataStart % 64, 0, "data starts on a 64-byte boundary");
    assert.equal(bytes[dataStart - 1], 0x0a, "the header ends with a newline");
    const back = npyToTensor(parseNpy(bytes, "t.npy"), "t.npy");
    assert.equal(back.dtype, dtype);
    assert.deepEqual(back.arraySync(), t.arraySync());
  }
  const one = encodeNpy(tf.tensor([1, 2]));
  const header = new TextDecoder().decode(one.subarray(10, 10 + (one[8]! | (one[9]! << 8))));
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2,\), \} +\n$/);
  const bf = npyToTensor(parseNpy(encodeNpy(tf.tensor([0.1, 3], [2], "bfloat16")), "b.npy"), "b.npy");
  assert.equal(bf.dtype, "float32"); // bfloat16 has no NumPy dtype: widened exactly
  assert.deepEqual([...bf.dataSync()], [...tf.tensor([0.1, 3], [2], "bfloat16").dataSync()]);
  const flags = npyToTensor(parseNpy(encodeNpy(tf.tensor([true, false])), "f.npy"), "f.npy");
  assert.equal(flags.dtype, "bool");
  assert.deepEqual([...flags.dataSync()], [1, 0]);
});

test(".npz round trip with np.savez's member names", () => {
  const npz = encodeNpz({ arr_0: tf.ones([2]), arr_1: tf.zeros([3], "int32") });
  const arrays = readNpz(npz, "w.npz", ["arr_0", "arr_1"]);
  assert.deepEqual(arrays.arr_0!.shape, [2]);
  assert.equal(arrays.arr_1!.descr, "<i4");
});
