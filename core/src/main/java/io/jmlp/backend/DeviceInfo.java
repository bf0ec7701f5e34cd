package io.jmlp.backend;

/**
 * One device a provider can run on, as {@code jmlp devices} lists it.
 *
 * @param index   what {@code --backend name:index} selects
 * @param name    the device's name
 * @param details vendor, version, memory, compute units and whatever else helps choose
 */
public record DeviceInfo(int index, String name, String details) {}
