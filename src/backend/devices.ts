/**
 * Device identification: `tf.config.listPhysicalDevices` and `tf.test.isGpuAvailable`.
 * The CPU is always there; GPU and XPU devices appear when a backend that drives one
 * is registered (none is yet, so they are empty lists).
 */
import { describeValue } from "../errors.js";

/** A physical device as TensorFlow describes it. */
export interface PhysicalDevice {
  readonly name: string;
  readonly deviceType: string;
}

const devices: PhysicalDevice[] = [{ name: "/physical_device:CPU:0", deviceType: "CPU" }];

/**
 * The physical devices, optionally of one type ("CPU", "GPU", "XPU").
 * Example: `tf.config.listPhysicalDevices("GPU").length > 0` tells whether a GPU is used.
 */
export function listPhysicalDevices(deviceType?: string): PhysicalDevice[] {
  if (deviceType !== undefined && typeof deviceType !== "string") {
    throw new TypeError(`Argument 'deviceType' of listPhysicalDevices must be a string, but got: ${describeValue(deviceType)}`);
  }
  return devices.filter((d) => deviceType === undefined || d.deviceType === deviceType.toUpperCase()).map((d) => ({ ...d }));
}

/** Whether a GPU (or XPU) device is available. Example: `tf.test.isGpuAvailable()`. */
export function isGpuAvailable(): boolean {
  return listPhysicalDevices("GPU").length > 0 || listPhysicalDevices("XPU").length > 0;
}
