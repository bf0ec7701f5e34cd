package io.jmlp.cuda;

/** A device allocation failed for lack of memory; the message gives the bytes asked for and the bytes free. */
public final class CudaOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long freeBytes;

    CudaOutOfMemoryException(String message, long requestedBytes, long freeBytes, Throwable cause) {
        super(message, cause);
        this.requestedBytes = requestedBytes;
        this.freeBytes = freeBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    /** Free device memory when the allocation failed, from cuMemGetInfo (-1 when that failed too). */
    public long freeBytes() {
        return freeBytes;
    }
}
