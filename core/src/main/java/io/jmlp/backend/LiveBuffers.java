package io.jmlp.backend;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the device buffers a backend has allocated and not yet freed, and knows whether the
 * backend itself was closed, so that {@link OpContracts} can refuse any use of a closed backend's
 * tensors before native code sees freed memory. Tests read the count after closing everything to
 * prove that nothing leaked; a backend reports it through {@link Backend#liveBuffers()}.
 */
public final class LiveBuffers {
    private final AtomicInteger count = new AtomicInteger();
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

    void allocated() {
        count.incrementAndGet();
    }

    void released() {
        count.decrementAndGet();
    }

    public int count() {
        return count.get();
    }
}
