/** Schedules to and from `{ className, config }` objects, as Keras's `schedules.serialize`/`deserialize`. */
import { describeValue, ValueError } from "../../../errors.js";
import { CosineDecay } from "./cosine-decay.js";
import { ExponentialDecay } from "./exponential-decay.js";
import { LearningRateSchedule } from "./learning-rate-schedule.js";

/** A schedule as plain data. */
export type SerializedSchedule = { className: string; config: Record<string, unknown> };

/** A schedule class that `deserialize` can construct. */
export type ScheduleClass = { fromConfig(config: Record<string, unknown>): LearningRateSchedule };

const BUILT_IN: Record<string, ScheduleClass> = { ExponentialDecay, CosineDecay };

/** Example: `serialize(new CosineDecay({ initialLearningRate: 1, decaySteps: 10 }))` is `{ className: "CosineDecay", config: {...} }`. */
export function serialize(schedule: LearningRateSchedule): SerializedSchedule {
  if (!(schedule instanceof LearningRateSchedule)) {
    throw new TypeError(`Argument 'schedule' of schedules.serialize must be a LearningRateSchedule, but got: ${describeValue(schedule)}`);
  }
  const ctor = schedule.constructor as typeof LearningRateSchedule;
  // A user subclass that does not set its own className is recorded by its class name.
  const className = Object.hasOwn(ctor, "className") ? ctor.className : ctor.name;
  return { className, config: schedule.getConfig() };
}

/** True for `{ className: string, config: object }`. Example: `isSerializedSchedule(config.learningRate)`. */
export function isSerializedSchedule(value: unknown): value is SerializedSchedule {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.className === "string" && v.config !== null && typeof v.config === "object";
}

/**
 * The schedule `serialize` described; `customObjects` names user schedule classes.
 * Example: `deserialize({ className: "ExponentialDecay", config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 } })`.
 */
export function deserialize(config: SerializedSchedule, customObjects: Record<string, ScheduleClass> = {}): LearningRateSchedule {
  if (!isSerializedSchedule(config)) {
    throw new TypeError(`Argument 'config' of schedules.deserialize must be { className, config }, but got: ${describeValue(config)}`);
  }
  const cls = customObjects[config.className] ?? BUILT_IN[config.className];
  if (!cls) {
    throw new ValueError(
      `Unknown learning rate schedule: '${config.className}'. Known schedules are ${Object.keys(BUILT_IN).join(", ")}; pass others in \`customObjects\``,
    );
  }
  return cls.fromConfig({ ...config.config });
}
