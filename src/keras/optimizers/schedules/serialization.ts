/** Schedules to and from `{ module, className, config, registeredName }` objects, as Keras's `schedules.serialize`/`deserialize`. */
import { describeValue, ValueError } from "../../../errors.js";
import { deserialize as deserializeObject, isSerialized, serialize as serializeObject, type SerializedObject } from "../../saving/object-registry.js";
import { LearningRateSchedule } from "./learning-rate-schedule.js";

/** A schedule as plain data (module and registeredName may be left out when it is read). */
export type SerializedSchedule = Pick<SerializedObject, "className" | "config"> & Partial<SerializedObject>;

/** A schedule class that `deserialize` can construct. */
export type ScheduleClass = { fromConfig(config: Record<string, unknown>): LearningRateSchedule };

/** Example: `serialize(new CosineDecay({ initialLearningRate: 1, decaySteps: 10 }))` is `{ module: "keras.optimizers.schedules", className: "CosineDecay", config: {...}, registeredName: null }`. */
export function serialize(schedule: LearningRateSchedule): SerializedObject {
  if (!(schedule instanceof LearningRateSchedule)) {
    throw new TypeError(`Argument 'schedule' of schedules.serialize must be a LearningRateSchedule, but got: ${describeValue(schedule)}`);
  }
  return serializeObject(schedule);
}

/** True for `{ className: string, config: object }`. Example: `isSerializedSchedule(config.learningRate)`. */
export function isSerializedSchedule(value: unknown): value is SerializedSchedule {
  return isSerialized(value) && typeof value.config === "object";
}

/**
 * The schedule `serialize` described; `customObjects` names user schedule classes
 * (registered ones are found without it).
 * Example: `deserialize({ className: "ExponentialDecay", config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 } })`.
 */
export function deserialize(config: SerializedSchedule, customObjects: Record<string, ScheduleClass> = {}): LearningRateSchedule {
  if (!isSerializedSchedule(config)) {
    throw new TypeError(`Argument 'config' of schedules.deserialize must be { className, config }, but got: ${describeValue(config)}`);
  }
  const schedule = deserializeObject("schedule", config, customObjects);
  if (!(schedule instanceof LearningRateSchedule)) throw new ValueError(`'${config.className}' is not a LearningRateSchedule`);
  return schedule;
}
