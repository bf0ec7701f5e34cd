package io.jmlp.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a cuBLAS library may be: the directories the dynamic loader searches (LD_LIBRARY_PATH, the
 * directories named in /etc/ld.so.conf.d, the standard ones), the CUDA toolkit's, and those of
 * NVIDIA's Python wheels, which is how PyTorch ships cuBLAS ({@code nvidia/cublas/lib/libcublas.so.12}
 * for CUDA 12, {@code nvidia/cu13/lib/libcublas.so.13} for CUDA 13). Java cannot ask the loader to
 * open a library by soname, and a failed attempt to load JCublas2 cannot be retried in the same
 * process, so jmlp looks for the file itself and loads it by path.
 *
 * <p>Pure: the environment and the file system root are parameters, so tests build a fake tree.
 */
final class CublasLocator {
    /** The override: a path to libcublas.so.12 or libcublas.so.13. */
    static final String ENV_OVERRIDE = "JMLP_CUBLAS";

    static final String PROPERTY_OVERRIDE = "jmlp.cublas";

    static final String CUBLAS_12 = "libcublas.so.12";
    static final String CUBLAS_13 = "libcublas.so.13";

    private final Map<String, String> env;
    private final Path root;

    CublasLocator(Map<String, String> env, Path root) {
        this.env = env;
        this.root = root;
    }

    /** The locator of this machine. */
    static CublasLocator system() {
        return new CublasLocator(System.getenv(), Path.of("/"));
    }

    /** The explicit choice, -Djmlp.cublas=PATH or $JMLP_CUBLAS, if any. */
    Optional<Path> override(String property) {
        String value = property != null && !property.isBlank() ? property : env.get(ENV_OVERRIDE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
    }

    /** Every directory searched, in order, without duplicates; only those that exist. */
    List<Path> searchDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String entry : env.getOrDefault("LD_LIBRARY_PATH", "").split(":")) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        dirs.addAll(ldSoConfDirectories());
        for (String standard : new String[] {
            "/usr/local/cuda/lib64",
            "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/opt/conda/lib"
        }) {
            dirs.add(Path.of(standard));
        }
        dirs.addAll(versionedToolkits());
        for (String prefix : new String[] {env.get("CONDA_PREFIX"), env.get("CUDA_HOME"), env.get("CUDA_PATH")}) {
            if (prefix != null && !prefix.isBlank()) {
                dirs.add(Path.of(prefix, "lib"));
                dirs.add(Path.of(prefix, "lib64"));
            }
        }
        for (Path site : sitePackages()) {
            dirs.add(site.resolve("nvidia/cu13/lib"));
            dirs.add(site.resolve("nvidia/cublas/lib"));
        }
        List<Path> existing = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(onRoot(dir))) {
                existing.add(dir);
            }
        }
        return existing;
    }

    /** The first {@code fileName} in the search directories. */
    Optional<Path> find(String fileName) {
        for (Path dir : searchDirectories()) {
            if (Files.isRegularFile(onRoot(dir.resolve(fileName)))) {
                return Optional.of(dir.resolve(fileName));
            }
        }
        return Optional.empty();
    }

    /** The directories listed in /etc/ld.so.conf.d/*.conf, which /etc/ld.so.conf includes on Debian, Ubuntu and RHEL. */
    private List<Path> ldSoConfDirectories() {
        List<Path> dirs = new ArrayList<>();
        Path conf = onRoot(Path.of("/etc/ld.so.conf.d"));
        if (!Files.isDirectory(conf)) {
            return dirs;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(conf, "*.conf")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            return dirs;
        }
        files.sort(null); // the loader reads them in name order too
        for (Path file : files) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String entry = line.strip();
                    if (entry.startsWith("/")) {
                        dirs.add(Path.of(entry));
                    }
                }
            } catch (IOException e) {
                // an unreadable file names no directory
            }
        }
        return dirs;
    }

    /** {@code /usr/local/cuda-X.Y/lib64} of every toolkit installed side by side, newest name first. */
    private List<Path> versionedToolkits() {
        List<Path> toolkits = new ArrayList<>();
        Path local = onRoot(Path.of("/usr/local"));
        if (!Files.isDirectory(local)) {
            return toolkits;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(local, "cuda-*")) {
            stream.forEach(
                    dir -> toolkits.add(Path.of("/usr/local", dir.getFileName().toString(), "lib64")));
        } catch (IOException e) {
            return toolkits;
        }
        toolkits.sort(Comparator.reverseOrder());
        return toolkits;
    }

    /** Python site-packages directories: the active virtualenv or conda env, the user's and the system's. */
    private List<Path> sitePackages() {
        List<Path> roots = new ArrayList<>();
        for (String prefix : new String[] {env.get("VIRTUAL_ENV"), env.get("CONDA_PREFIX")}) {
            if (prefix != null && !prefix.isBlank()) {
                roots.add(Path.of(prefix, "lib"));
            }
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home, ".local/lib"));
        }
        roots.add(Path.of("/usr/local/lib"));
        roots.add(Path.of("/usr/lib"));
        roots.add(Path.of("/opt/conda/lib"));
        List<Path> sites = new ArrayList<>();
        for (Path lib : roots) {
            Path onRoot = onRoot(lib);
            if (!Files.isDirectory(onRoot)) {
                continue;
            }
            List<Path> pythons = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(onRoot, "python3*")) {
                stream.forEach(pythons::add);
            } catch (IOException e) {
                continue;
            }
            pythons.sort(null);
            for (Path python : pythons) {
                for (String kind : new String[] {"site-packages", "dist-packages"}) {
                    sites.add(lib.resolve(python.getFileName().toString()).resolve(kind));
                }
            }
        }
        return sites;
    }

    /** {@code path} (absolute, as the machine sees it) inside this locator's root. */
    private Path onRoot(Path path) {
        String text = path.toString();
        return root.resolve(text.startsWith("/") ? text.substring(1) : text);
    }

    /** The same path as {@link #find} reports, as a file to open (differs from it only in tests). */
    Path fileOf(Path found) {
        return onRoot(found);
    }
}
