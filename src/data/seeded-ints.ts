/**
 * A lazy stream of unbiased random integers over Philox4x32-10, for the shuffle
 * buffer: it needs one integer at a time with a bound that shrinks as the buffer
 * drains, which `sampleInt`'s fixed-bound batches cannot give. Word j of stream
 * (seed, stream) is the same word `philoxFill` would produce, so results repeat
 * on every platform.
 */
import { normalizeSeed, philoxBlock, philoxStream, type PhiloxStream } from "../random/philox.js";
import { randomUniform } from "../ops/random.js";

const TWO_32 = 4294967296;

export class SeededInts {
  private readonly s: PhiloxStream;
  private readonly words = new Uint32Array(4);
  private block = 0;
  private lane = 4;

  /** Example: `new SeededInts(42, 0).next(10)` is an integer in [0, 10), the same in every run. */
  constructor(seed: number, stream: number) {
    this.s = philoxStream(normalizeSeed(seed), normalizeSeed(stream, "stream"), 0);
  }

  private word(): number {
    if (this.lane === 4) {
      philoxBlock(this.s, this.block++, this.words, 0);
      this.lane = 0;
    }
    return this.words[this.lane++]!;
  }

  /** An integer in [0, m), m in [1, 2^32]; words in the top partial interval are redrawn so there is no modulo bias. Example: `ints.next(6)`. */
  next(m: number): number {
    const limit = TWO_32 - (TWO_32 % m);
    let w = this.word();
    while (w >= limit) w = this.word();
    return w % m;
  }
}

/**
 * A seed for an op given none: drawn from the global random seed's next stream, so
 * `tf.random.setSeed(s)` makes unseeded shuffles repeat from run to run, as in TF.
 * Example: `new SeededInts(drawSeed(), 0)`.
 */
export function drawSeed(): number {
  const [hi, lo] = randomUniform([2], 0, 2 ** 31, "int32").dataSync() as Int32Array;
  return hi! * 2 ** 21 + (lo! % 2 ** 21);
}
