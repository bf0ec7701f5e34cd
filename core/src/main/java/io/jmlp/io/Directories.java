package io.jmlp.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whole-directory steps that a crash cannot leave half done: a directory is filled under a
 * temporary name and renamed into place ({@link #publish}); one is removed by first renaming it
 * to a temporary name (one atomic step, after which it is no longer seen) and only then deleting
 * its files ({@link #retire}), so a kill in the middle leaves a temporary that the next run
 * removes ({@link TempNames#cleanStale}), never a half-deleted directory under its real name.
 */
public final class Directories {
    private Directories() {}

    @FunctionalInterface
    public interface Filler {
        void fill(Path directory) throws IOException;
    }

    /**
     * Creates {@code target} (which must not exist) with the files {@code filler} writes, all or
     * nothing: the files go into a temporary sibling, forced to disk, which is renamed to {@code target}.
     */
    public static void publish(Path target, Filler filler) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = TempNames.newTempDirectory(parent, target.getFileName().toString());
        try {
            filler.fill(temp);
            AtomicWrite.syncDirectory(temp);
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicWrite.syncDirectory(parent);
        } finally {
            if (Files.exists(temp)) {
                deleteRecursively(temp);
            }
        }
    }

    /** Removes {@code dir} as one step: renamed aside (atomic), then deleted. */
    public static void retire(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Path aside = TempNames.newTempDirectory(parent, dir.getFileName() + "-removed");
        Files.delete(aside); // only its unique name is wanted
        Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicWrite.syncDirectory(parent);
        deleteRecursively(aside);
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                deleteIfPresent(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException e) {
            // another cleaner got there first
        }
    }
}
