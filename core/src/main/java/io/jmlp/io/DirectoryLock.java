package io.jmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An exclusive claim on a directory jmlp writes into (a run's output, a model directory), so two
 * runs sharing one cannot interleave their files: an OS file lock on {@value #FILE} inside it,
 * which also records who holds it (pid, purpose, start time) for the other run's error message.
 * The OS releases the lock when the process dies, however it dies, so a killed run never leaves a
 * directory locked (only, possibly, the file, which the next run takes over); a run that ends
 * deletes the file. Within one process the claim is re-entrant for the thread holding it (a
 * command that locks its output directory may then save a model there); another thread is refused.
 */
public final class DirectoryLock implements AutoCloseable {
    public static final String FILE = ".jmlp.lock";
    /** The locks this process holds, by real directory path; the OS lock is per process, so we count here. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path key;
    private boolean closed;

    private static final class Held {
        final FileChannel channel;
        /** The channel the holder was checked through; closed only with the lock (see acquire). */
        final FileChannel check;

        final FileLock lock;
        final Thread owner;
        final String description;
        int count = 1;

        Held(FileChannel channel, FileChannel check, FileLock lock, String description) {
            this.channel = channel;
            this.check = check;
            this.lock = lock;
            this.owner = Thread.currentThread();
            this.description = description;
        }
    }

    private DirectoryLock(Path key) {
        this.key = key;
    }

    /**
     * Locks {@code dir} (created if missing) for {@code purpose} (e.g. "jmlp train"); fails at once
     * with an {@link IOException} naming the holder when another process or thread has it.
     */
    public static DirectoryLock acquire(Path dir, String purpose) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.toRealPath();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                if (held.owner != Thread.currentThread()) {
                    throw new IOException(dir + " is in use by another thread of this process (" + held.description
                            + "); write to another directory");
                }
                held.count++;
                return new DirectoryLock(key);
            }
            for (int attempt = 0; attempt < 20; attempt++) {
                Path file = key.resolve(FILE);
                FileChannel channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException | IOException e) {
                    channel.close();
                    throw e instanceof IOException io ? io : new IOException(dir + " is locked by this process", e);
                }
                if (lock == null) {
                    String holder = holder(channel);
                    channel.close();
                    throw new IOException(dir + " is in use by another jmlp (" + holder
                            + "); wait for it to finish or choose another directory");
                }
                String me = "pid " + ProcessHandle.current().pid() + ", " + purpose + ", since " + Instant.now() + ", "
                        + UUID.randomUUID();
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(true);
                // The previous holder deletes the file as it releases it: if it did so between our open and
                // our lock, we hold a deleted file. Our text at the path proves the file there is ours.
                // It is read through a second channel that stays open as long as the lock is held: POSIX
                // record locks (Linux) belong to the process and the file, and closing *any* descriptor
                // of the file releases them, so reading it with Files.readString dropped the lock the
                // moment it was taken (a second process then locked the same directory).
                FileChannel check = openOrNull(file);
                if (check != null && me.equals(readAll(check))) {
                    HELD.put(key, new Held(channel, check, lock, me.substring(0, me.lastIndexOf(','))));
                    return new DirectoryLock(key);
                }
                if (check != null) {
                    check.close(); // another file by now: closing it cannot release our lock on the old one
                }
                lock.release();
                channel.close();
            }
            throw new IOException("could not lock " + dir
                    + ": its lock file keeps changing (many jmlp runs starting at once?); try again");
        }
    }

    private static FileChannel openOrNull(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return null; // deleted by its holder meanwhile
        }
    }

    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(4096, Math.max(0, channel.size())));
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read on
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
            // The text ends with a random token (see acquire), of no use to a reader.
            return text.isEmpty()
                    ? "holder unknown"
                    : text.contains(", ") ? text.substring(0, text.lastIndexOf(", ")) : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    public Path directory() {
        return key;
    }

    /** Releases the claim; the last release deletes the lock file and releases the OS lock. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(key);
            if (held == null || --held.count > 0) {
                return;
            }
            HELD.remove(key);
            try {
                Files.deleteIfExists(key.resolve(FILE));
            } finally {
                held.lock.release();
                held.channel.close();
                held.check.close();
            }
        }
    }
}
