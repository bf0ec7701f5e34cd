package io.jmlp.cuda;

/**
 * One device allocation, as a {@link DeviceQueue} hands it out: an opaque handle (a
 * {@code CUdeviceptr} on a real device) and its size. Only the queue that made it looks inside.
 */
record DeviceMemory(Object handle, long bytes) {}
