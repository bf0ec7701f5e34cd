package io.jmlp.model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Writes a directory of files so that a reader sees the old directory or the complete new one:
 * the files go into a temporary sibling directory, which is then renamed into place (the old one,
 * if any, is first renamed aside and deleted after). Only directories jmlp wrote (holding
 * {@code marker}) are ever replaced, so a mistyped path cannot delete a user's files.
 */
final class ModelDirectory {
    private ModelDirectory() {
    }

    @FunctionalInterface
    interface Filler {
        void fill(Path directory) throws IOException;
    }

    static void writeAtomically(Path target, String marker, String flagForErrors, Filler filler) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new IOException(flagForErrors + " " + target + " exists and is not a directory; choose another path");
            }
            if (!Files.exists(absolute.resolve(marker)) && !isEmpty(absolute)) {
                throw new IOException(flagForErrors + " " + target + " is a non-empty directory without " + marker
                        + ", so it is not one jmlp wrote; choose a new or empty directory");
            }
        }
        Path temp = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".");
        try {
            filler.fill(temp);
            Path old = null;
            if (Files.exists(absolute)) {
                old = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".old.");
                Files.delete(old);
                move(absolute, old);
            }
            move(temp, absolute);
            if (old != null) {
                deleteRecursively(old);
            }
        } finally {
            if (Files.exists(temp)) {
                deleteRecursively(temp);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
