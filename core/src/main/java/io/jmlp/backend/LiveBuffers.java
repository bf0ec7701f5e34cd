package io.jmlp.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The device buffers a backend has allocated and not yet freed — one registry, in core, for every
 * backend — and whether the backend itself was closed, so that {@link OpContracts} can refuse any
 * use of a closed backend's tensors before native code sees freed memory. Tests read the count
 * after closing everything to prove that nothing leaked. {@link CheckedBackend} owns one per
 * backend (its {@code buffers()}), reports it through {@link Backend#liveBuffers()}, and frees what
 * is left with {@link #closeLeftovers()} when the backend closes.
 */
public final class LiveBuffers {
    private final Set<DeviceBuffer> open =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile String closedBackend;

    /** The backend's {@code close()} calls this first: from now on its tensors and allocations are refused. */
    public void markClosed(String backendName) {
        closedBackend = backendName;
    }

    /** Throws {@link IllegalStateException} when the owning backend was closed. */
    public void requireOpen(String op) {
        String name = closedBackend;
        if (name != null) {
            throw new IllegalStateException(op + ": the " + name + " backend was already closed; open a new one");
        }
    }

    void allocated(DeviceBuffer buffer) {
        open.add(buffer);
    }

    void released(DeviceBuffer buffer) {
        open.remove(buffer);
    }

    public int count() {
        return open.size();
    }

    /** Closes (frees) every buffer still open, for the backend's own {@code close()}; returns how many there were. */
    public int closeLeftovers() {
        List<DeviceBuffer> leftover;
        synchronized (open) {
            leftover = new ArrayList<>(open);
        }
        leftover.forEach(DeviceBuffer::close);
        return leftover.size();
    }
}
