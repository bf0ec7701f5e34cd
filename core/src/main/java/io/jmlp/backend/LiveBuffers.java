package io.jmlp.backend;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the device buffers a backend has allocated and not yet freed. Tests read it after
 * closing everything to prove that nothing leaked; a backend reports it through
 * {@link Backend#liveBuffers()}.
 */
public final class LiveBuffers {
    private final AtomicInteger count = new AtomicInteger();

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
