/**
 * Who holds the compiled loss trackers and metrics. A `fit` and an `evaluate` started
 * from a timer or a server handler interleave at the loops' awaits, but each batch is
 * synchronous; so each run swaps its own tracker state into the metric variables before
 * it touches them, and the other run's state waits in saved views. Sequential runs (the
 * usual case) never swap, and the metrics keep the last run's state, as in Keras.
 */
import * as ops from "../../ops/index.js";
import { disposeKept, keepOwned, libraryScope, type Ownable } from "../../tensor/ownership.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../autodiff/variable.js";
import type { Compiled } from "./compile.js";

const holders = new WeakMap<Compiled, TrackerRun>();

function trackerVariables(c: Compiled): Variable[] {
  return [
    ...c.lossTracker.variables,
    ...c.outputLossTrackers.flatMap((t) => t.metric.variables),
    ...c.metrics.flatMap((list) => list.flatMap(({ metric }) => metric.variables)),
  ];
}

/** One fit or evaluate's claim on the compiled trackers. Example: `run.use(() => testStep(model, c, batch))`. */
export class TrackerRun {
  /** This run's state while another run holds the trackers: views of the old variable values (assign replaces, never overwrites). */
  private saved: Tensor[] | null = null;
  private kept: Ownable[] = [];

  constructor(private readonly c: Compiled) {}

  /** Runs `fn` with this run's state in the trackers. */
  use<T>(fn: () => T): T {
    const holder = holders.get(this.c);
    if (holder !== this) {
      const vars = trackerVariables(this.c);
      if (holder) holder.park(vars);
      if (this.saved) {
        const saved = this.saved;
        libraryScope(() => {
          for (let i = 0; i < vars.length; i++) vars[i]!.assign(saved[i]!);
        });
        this.release();
      }
      holders.set(this.c, this);
    }
    return fn();
  }

  /** Ends the run: its parked state is freed; the trackers keep whatever they hold now. */
  end(): void {
    this.release();
    if (holders.get(this.c) === this) holders.delete(this.c);
  }

  private park(vars: readonly Variable[]): void {
    this.saved = libraryScope(() => {
      const views = vars.map((v) => ops.reshape(v, v.shape));
      this.kept = keepOwned(views);
      return views;
    });
  }

  private release(): void {
    disposeKept(this.kept);
    this.kept = [];
    this.saved = null;
  }
}
