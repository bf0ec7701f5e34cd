package io.jmlp.cpu;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which GEMM micro-kernel a {@link CpuBackend} uses, and why: the one place that knows the
 * variants. {@code auto} (the default) picks by the widest vectors the JVM has — 512-bit (AVX-512,
 * 32 registers): the 6 × 32 kernel; 256-bit (AVX2, 16 registers): the 4 × 16 kernel; no Vector API
 * or shorter vectors: the plain-Java one. A kernel auto picks fits its whole step in the register file
 * ({@link Variant#registersIfEveryBroadcastIsHoisted}): C2 may load all of a step's broadcasts before
 * its first FMA, and a tile that then does not fit keeps an accumulator on the stack, at half speed
 * (the 5 × 16 kernel on JDK 25, docs/benchmarks.md). {@code -Djmlp.cpu.kernel=4x16|5x16|6x16|6x32|scalar} forces a
 * variant, so they can be compared on one machine; a variant the machine cannot run natively is an
 * error that says why (the Vector API would emulate it, hundreds of times slower).
 *
 * <p>Each wide kernel has narrow companions for C at most one of their tiles wide ({@link Companion},
 * chosen per product by {@link CpuBackend#gemm}): with 512-bit vectors the 12 × 16 or the 10 × 16
 * kernel, whichever C's rows fill better; with 256-bit vectors the 10 × 8 kernel up to 8 columns and
 * the 5 × 16 one from 9 to 16 (docs/benchmarks.md has the measurements).
 * {@code -Djmlp.cpu.narrow=12x16|10x16|10x8|5x16} forces one, for C up to its tile's width with op(A)
 * row-major.
 *
 * <p>Auto never mixes vector widths: every kernel it picks, and the elementwise loops
 * ({@link VectorRowKernels}, the JVM's preferred width), use vectors of one width. The Vector API's
 * own methods (FloatVector.intoArray, fma, …) are shared by all their callers, and so is the type
 * profile the JIT gathers in them: once 256- and 512-bit vectors have both passed through, C2 can
 * compile a loop whose vectors it cannot pin to one class without its intrinsics, and that loop then
 * runs the Java fallbacks and allocates on every call, for the life of the JVM. Which loops that hits
 * depends on what was compiled before the other width first ran (docs/benchmarks.md, Zen 4,
 * 2026-12-03: up to 46 MB a training step in one JVM in six; the 5 × 16 kernel once run before the
 * 6 × 32 one made it allocate 23 KB a call). A forced choice that mixes widths says so in
 * {@link #reason}.
 */
final class KernelChoice {
    static final String PROPERTY = "jmlp.cpu.kernel";
    static final String NARROW_PROPERTY = "jmlp.cpu.narrow";
    /** The kernels a narrow product can use, by the names {@code -Djmlp.cpu.narrow} takes (12x16 and 10x16 need 512-bit vectors, the others 256). */
    static final List<String> NARROW_KERNELS = List.of("12x16", "10x16", "10x8", "5x16");

    /**
     * The variants: the name {@code -Djmlp.cpu.kernel} takes, the vector width they need (0: none),
     * and the tile's rows and vectors per row (0 for the plain kernel, which holds no vectors).
     */
    enum Variant {
        SCALAR("scalar", 0, 0, 0),
        V4X16("4x16", 256, 4, 2),
        V5X16("5x16", 256, 5, 2),
        V6X16("6x16", 256, 6, 2),
        V6X32("6x32", 512, 6, 2);

        final String id;
        final int bits;
        final int rows;
        final int vectorsPerRow;

        Variant(String id, int bits, int rows, int vectorsPerRow) {
            this.id = id;
            this.bits = bits;
            this.rows = rows;
            this.vectorsPerRow = vectorsPerRow;
        }

        /**
         * Vector registers one step of the loop needs when C2 loads all of its broadcasts before the
         * first FMA: the tile's accumulators, the step's B vectors and one broadcast per row.
         */
        int registersIfEveryBroadcastIsHoisted() {
            return rows * vectorsPerRow + vectorsPerRow + rows;
        }

        static String ids() {
            return Arrays.stream(values()).map(v -> v.id).collect(Collectors.joining(", "));
        }
    }

    /**
     * A narrow kernel (its id in {@link #NARROW_KERNELS}) and the products it serves instead of the
     * wide one: C from {@code fromColumns} columns to its tile's width, taller than wide, and with
     * op(A) transposed (a weight gradient) only when {@code transposedA}. Of those that serve a
     * product, the one whose tile rows C's rows fill best takes it (100 rows fill ten-row tiles, and
     * 8⅓ twelve-row ones: the last tile's padding is work thrown away), the first of equals.
     */
    record Companion(String id, int fromColumns, boolean transposedA) {}

    final Variant variant;
    /** Why this variant (and, where it is not the usual one, its narrow kernel): printed by {@code jmlp devices} and {@code jmlp bench}. */
    final String reason;
    /** The narrow companions, in the order they are tried; none for the plain kernel. */
    final List<Companion> companions;

    private KernelChoice(Variant variant, String reason) {
        this(variant, reason, System.getProperty(NARROW_PROPERTY, "auto"));
    }

    KernelChoice(Variant variant, String reason, String narrowSetting) {
        this.variant = variant;
        String setting = narrowSetting.trim().toLowerCase(Locale.ROOT);
        if (variant == Variant.SCALAR) {
            companions = List.of();
            this.reason = reason;
        } else if (setting.isEmpty() || setting.equals("auto")) {
            // Each choice measured on whole products, the kernels taking turns in one JVM
            // (docs/benchmarks.md): a weight gradient (op(A) transposed) goes to a companion only where
            // that was faster than the wide kernel on Cᵀ.
            if (variant.bits < 512) {
                // 5×16 needs 17 registers in the packed loops (see autoFor), but these products run its
                // general loops, A or B read in place, which keep every accumulator in a register.
                companions = List.of(new Companion("10x8", 1, false), new Companion("5x16", 9, true));
                this.reason = reason + "; narrow products: 10×8 up to 8 columns, 5×16 from 9 to 16 (weight"
                        + " gradients too; A or B read in place, its accumulators stay in registers)";
            } else {
                // On Zen 4, whose 512-bit FMA is two 256-bit halves, the 256-bit 5×16 kernel was 1.15–1.2×
                // as fast as the 12×16 on the 10-wide forward product at batch 100 (most of it the 12×16's
                // padded rows: the 10×16 is 1.08–1.12×), but it mixes widths (see the class comment).
                companions = List.of(new Companion("12x16", 1, false), new Companion("10x16", 1, false));
                this.reason = reason + "; narrow products: 12×16 or 10×16, whichever C's rows fill better";
            }
        } else {
            if (!NARROW_KERNELS.contains(setting)) {
                throw new IllegalArgumentException("-D" + NARROW_PROPERTY + " must be auto or one of "
                        + String.join(", ", NARROW_KERNELS) + "; got '" + narrowSetting + "'");
            }
            int bits = narrowBits(setting);
            if (bits > VectorSupport.maxBits()) {
                throw new IllegalArgumentException(
                        "-D" + NARROW_PROPERTY + "=" + setting + " cannot run here: it needs " + bits
                                + "-bit vectors and this JVM's widest are " + VectorSupport.maxBits() + "-bit");
            }
            companions = List.of(new Companion(setting, 1, false));
            this.reason = reason + "; narrow products: " + setting + ", forced by -D" + NARROW_PROPERTY
                    + mixedWidths(bits, variant.bits);
        }
    }

    /** From {@code -Djmlp.cpu.kernel} ({@code auto} when unset); a bad or unrunnable value throws IllegalArgumentException naming it. */
    static KernelChoice configured() {
        String value = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("auto")) {
            return auto();
        }
        for (Variant v : Variant.values()) {
            if (v.id.equals(value)) {
                Optional<String> whyNot = whyNotRunnable(v);
                if (whyNot.isPresent()) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " cannot run here: "
                            + whyNot.get() + "; use auto or one of the variants this machine runs");
                }
                return new KernelChoice(
                        v, "forced by -D" + PROPERTY + "=" + value + mixedWidths(v.bits, VectorSupport.maxBits()));
            }
        }
        throw new IllegalArgumentException(
                "-D" + PROPERTY + " must be auto, " + Variant.ids() + "; got '" + value + "'");
    }

    /** The fastest variant this JVM runs natively. */
    static KernelChoice auto() {
        if (!VectorSupport.available()) {
            return new KernelChoice(
                    Variant.SCALAR,
                    "auto: the JVM runs without " + VectorSupport.MODULE + " (start it with --add-modules "
                            + VectorSupport.MODULE + "; ./jmlp does)");
        }
        return autoFor(VectorSupport.maxBits());
    }

    /** What {@link #auto} picks on a JVM whose widest vectors are {@code bits} wide (the Vector API present). */
    static KernelChoice autoFor(int bits) {
        if (bits >= 512) {
            return new KernelChoice(
                    Variant.V6X32, "auto: 512-bit vectors (AVX-512, 32 registers): " + budget(Variant.V6X32));
        }
        if (bits >= 256) {
            return new KernelChoice(
                    Variant.V4X16,
                    "auto: 256-bit vectors (AVX2, 16 registers): " + budget(Variant.V4X16)
                            + "; the 5x16 tile needs 17, and the JIT keeps one of its accumulators on the stack");
        }
        return new KernelChoice(
                Variant.SCALAR, "auto: the JVM's vectors are " + bits + "-bit, too short to beat the plain kernel");
    }

    /** The vector width a narrow kernel ({@link #NARROW_KERNELS}) needs. */
    static int narrowBits(String id) {
        return id.equals("12x16") || id.equals("10x16") ? 512 : 256;
    }

    /**
     * What a forced kernel of {@code bits}-bit vectors beside code of {@code otherBits} says (nothing
     * when they match, or for the plain kernel): see the class comment.
     */
    static String mixedWidths(int bits, int otherBits) {
        if (bits == 0 || otherBits == 0 || bits == otherBits) {
            return "";
        }
        return " (mixes " + Math.min(bits, otherBits) + "- and " + Math.max(bits, otherBits) + "-bit vectors in one"
                + " JVM: some vector loops may then run without the JIT's intrinsics and allocate every step)";
    }

    /** Vector registers of a JVM whose widest vectors are {@code bits} wide: 16 ymm with AVX2, 32 zmm with AVX-512. */
    static int vectorRegisters(int bits) {
        return bits >= 512 ? 32 : 16;
    }

    private static String budget(Variant v) {
        return v.rows * v.vectorsPerRow + " accumulators + " + v.vectorsPerRow + " B vectors + " + v.rows
                + " broadcasts in " + v.registersIfEveryBroadcastIsHoisted() + " of " + vectorRegisters(v.bits)
                + " registers";
    }

    /** Empty when {@code v} runs natively on this JVM, else why not. */
    static Optional<String> whyNotRunnable(Variant v) {
        if (v.bits == 0) {
            return Optional.empty();
        }
        if (!VectorSupport.available()) {
            return Optional.of("the JVM runs without " + VectorSupport.MODULE + " (start it with --add-modules "
                    + VectorSupport.MODULE + ")");
        }
        int bits = VectorSupport.maxBits();
        if (bits < v.bits) {
            return Optional.of("the " + v.id + " kernel needs " + v.bits + "-bit vectors"
                    + (v.bits == 512 ? " (AVX-512)" : " (AVX2)") + " and this JVM's widest are " + bits + "-bit");
        }
        return Optional.empty();
    }

    /** A variant chosen by the caller (tests, benchmarks); throws IllegalArgumentException when it cannot run here. */
    static KernelChoice of(Variant v) {
        whyNotRunnable(v).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return new KernelChoice(v, "chosen by the caller");
    }

    /** The kernel for every product. */
    Supplier<MicroKernel> wide() {
        return switch (variant) {
            case SCALAR -> ScalarMicroKernel::new;
            case V4X16, V5X16, V6X16, V6X32 -> () -> VectorSupport.kernel(variant);
        };
    }

    /** The kernel of a narrow companion. */
    static Supplier<MicroKernel> kernel(Companion companion) {
        String id = companion.id();
        return () -> VectorSupport.narrowKernel(id);
    }

    /** The elementwise loops that go with it: the Vector API ones unless the plain kernel was chosen. */
    RowKernels rowKernels() {
        return variant == Variant.SCALAR ? new RowKernels.Scalar() : VectorSupport.rowKernels();
    }
}
