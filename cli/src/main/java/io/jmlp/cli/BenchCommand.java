package io.jmlp.cli;

import com.google.gson.GsonBuilder;
import io.jmlp.backend.Activation;
import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.Backends;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.cpu.OpTimes;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.StepDecay;
import io.jmlp.random.PhiloxStream;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.EpochRecord;
import io.jmlp.train.Evaluation;
import io.jmlp.train.History;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingListener;
import io.jmlp.train.TrainingOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp bench}: GEMM throughput on the seed network's shapes (and 1024³), then seconds per
 * epoch of the seed network itself, on each backend asked for. Progress goes to stderr, results to
 * stdout (a table, or JSON with {@code --json} for {@code scripts/bench-compare}).
 */
@Command(
        name = "bench",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = {
            "Measure GEMM GFLOP/s on the seed network's shapes and 1024³, and seconds per epoch of the seed network "
                    + "(784-300-150-10, batch norm + ReLU, SGD momentum 0.9, lr 0.01 halved every 2 epochs, batch 100), per backend.",
            "On the cpu backend also its GEMM kernel alone on panels in L1, all threads at once: the products' ceiling, "
                    + "so a product's distance from another library's splits into the kernel's and the rest's.",
            "Measure on an idle machine: anything else running (a build, another benchmark) makes the figures meaningless."
        })
final class BenchCommand implements Callable<Integer> {

    /** A GEMM case: C[m × n] = op(A)·op(B) with inner size k, as the trainer calls it. */
    record Shape(String name, int m, int n, int k, boolean transA, boolean transB) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** Heap bytes a warmed-up training step stays under (issue 19's target: the step's ops allocate nothing). */
    static final int ALLOCATION_TARGET_BYTES = 1024;

    /** Training steps after which a step's allocation is taken as the steady state (the seed network on Fashion-MNIST is 600 an epoch). */
    static final int WARM_STEPS = 1000;

    /**
     * What to say when the last epoch's step allocated more than {@link #ALLOCATION_TARGET_BYTES}
     * ({@code bytesPerStep}: epochs 2 onwards, {@code stepsPerEpoch} steps each), or nothing. On a
     * short run the figure is the JIT's warm-up, not a steady state: code run a few times a step is
     * still interpreted or in C1 after several epochs of mnist-10k at batch 512 (16 steps an epoch),
     * where the Vector API's Java fallbacks and objects that escape analysis would remove allocate
     * (docs/benchmarks.md, Zen 4).
     */
    static Optional<String> allocationWarning(String backend, List<Double> bytesPerStep, int stepsPerEpoch) {
        if (bytesPerStep.isEmpty()) {
            return Optional.empty();
        }
        double last = bytesPerStep.get(bytesPerStep.size() - 1);
        if (last <= ALLOCATION_TARGET_BYTES) {
            return Optional.empty();
        }
        String over = "more than the " + ALLOCATION_TARGET_BYTES + " bytes a step that a warmed-up step stays under: ";
        if (bytesPerStep.size() > 1 && last < 0.5 * bytesPerStep.get(bytesPerStep.size() - 2)) {
            return Optional.of(over + "still falling from epoch to epoch, so the JIT had not finished compiling;"
                    + " time more epochs (--epochs) or more steps (--data, --batch-size) for the steady state");
        }
        long steps = (long) stepsPerEpoch * (bytesPerStep.size() + 1);
        String early = steps < WARM_STEPS
                ? "after only " + steps
                        + " steps the JIT may still be compiling (time more epochs to see); if it stays, "
                : "";
        if (backend.equals("cpu")) {
            return Optional.of(over + early + "vector code running without the JIT's intrinsics allocates"
                    + " (kernels of mixed vector widths do that, and so does code that only a few calls run, such"
                    + " as a kernel only one batch size takes; docs/benchmarks.md); JFR's jdk.ObjectAllocationSample"
                    + " events name it");
        }
        return Optional.of(over + early + "the " + backend + " backend's host code allocates every step;"
                + " JFR's jdk.ObjectAllocationSample events name where");
    }

    /** The seed network's GEMMs at batch 100: forward X·W, weight gradients Xᵀ·dY, input gradients dY·Wᵀ. */
    static final List<Shape> SHAPES = List.of(
            new Shape("fwd 100x784 * 784x300", 100, 300, 784, false, false),
            new Shape("fwd 100x300 * 300x150", 100, 150, 300, false, false),
            new Shape("fwd 100x150 * 150x10", 100, 10, 150, false, false),
            new Shape("dW 784x100 * 100x300 (X^T dY)", 784, 300, 100, true, false),
            new Shape("dW 300x100 * 100x150 (X^T dY)", 300, 150, 100, true, false),
            new Shape("dW 150x100 * 100x10 (X^T dY)", 150, 10, 100, true, false),
            new Shape("dX 100x300 * 300x784 (dY W^T)", 100, 784, 300, false, true),
            new Shape("dX 100x150 * 150x300 (dY W^T)", 100, 300, 150, false, true),
            new Shape("dX 100x10 * 10x150 (dY W^T)", 100, 150, 10, false, true),
            new Shape("square 1024^3", 1024, 1024, 1024, false, false));

    @Spec
    CommandSpec spec;

    @Option(
            names = "--backend",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Backends to measure, e.g. cpu,opencl or reference. Default: every usable backend except the (slow) reference.")
    List<String> backends;

    @Option(
            names = "--data",
            defaultValue = "mnist-10k",
            paramLabel = "DATA",
            description = "Data set for the epoch timing, as for jmlp train (fashion-mnist: 60,000 training images).")
    String data;

    @Option(
            names = "--epochs",
            defaultValue = "3",
            paramLabel = "N",
            description = "Epochs to time per backend (10: also the test accuracy of the full seed-network run).")
    int epochs;

    @Option(
            names = "--layers",
            defaultValue = "300,150",
            split = ",",
            paramLabel = "W1,W2,…",
            description =
                    "Hidden widths of the timed network (batch norm + ReLU after each); other widths make a scale curve (scripts/bench-compare --scale-curve).")
    int[] layers;

    @Option(
            names = "--batch-size",
            defaultValue = "100",
            paramLabel = "N",
            description = "Rows per step of the timed training.")
    int batchSize;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Times each GEMM shape is measured, the shapes taking turns; the best round is reported (on a machine with noisy neighbours, the best is the steadiest estimate).")
    int rounds;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            paramLabel = "N",
            description =
                    "Untimed GEMM calls per shape before timing (JIT warm-up); they last at least 0.5 s, after a first round over all shapes.")
    int warmup;

    @Option(
            names = "--min-time",
            defaultValue = "1.0",
            paramLabel = "SECONDS",
            description = "Each GEMM shape is repeated for at least this long.")
    double minTime;

    @Option(names = "--no-gemm", description = "Skip the GEMM measurements.")
    boolean noGemm;

    @Option(names = "--no-train", description = "Skip the epoch timing.")
    boolean noTrain;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N")
    long seed;

    @Option(names = "--json", description = "Print the results as JSON (for scripts/bench-compare) instead of tables.")
    boolean json;

    @Mixin
    ThreadOptions threadOptions;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || warmup < 0 || !(minTime > 0) || rounds < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "--epochs, --rounds and --batch-size must be >= 1, --warmup >= 0 and --min-time > 0");
        }
        for (int w : layers) {
            if (w < 1 || w > 65_536) {
                throw new IllegalArgumentException("--layers: hidden widths must be 1 to 65536, got " + w);
            }
        }
        threadOptions.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        List<BackendProvider> chosen = chooseBackends(progress);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("cpuThreads", ThreadOptions.effective());
        Map<String, String> devices = new LinkedHashMap<>();
        result.put("backends", devices);
        List<Map<String, Object>> gemmRows = new ArrayList<>();
        List<Map<String, Object>> trainRows = new ArrayList<>();
        result.put("gemm", gemmRows);
        result.put("training", trainRows);

        Map<String, Object> kernelInL1 = null;
        TrainTest sets = noTrain ? null : DataSources.load(data, seed);
        for (BackendProvider provider : chosen) {
            try (Backend backend = provider.create(0)) {
                devices.put(backend.name(), backend.deviceDescription());
                progress.printf("bench: %s — %s%n", backend.name(), backend.deviceDescription());
                if (backend instanceof CpuBackend cpu) {
                    result.put("cpuGemmBlocking", cpu.gemmBlocking());
                    result.put("cpuModel", CpuModel.describe());
                    progress.printf("bench: cpu GEMM blocking %s; %s%n", cpu.gemmBlocking(), CpuModel.describe());
                }
                progress.flush();
                if (!noGemm) {
                    // Warm every shape up first: the JIT compiles on the same cores, so a shape timed
                    // while the kernels of the others are still being compiled would read low.
                    for (Shape shape : SHAPES) {
                        gemmThroughput(backend, shape, Math.min(0.2, minTime));
                    }
                    double[] best = new double[SHAPES.size()];
                    CpuBackend cpuKernel = backend instanceof CpuBackend cpu ? cpu : null;
                    double kernelBest = 0;
                    for (int round = 1; round <= rounds; round++) {
                        for (int i = 0; i < SHAPES.size(); i++) {
                            Shape shape = SHAPES.get(i);
                            double gflops = gemmThroughput(backend, shape, minTime);
                            best[i] = Math.max(best[i], gflops);
                            progress.printf(
                                    Locale.ROOT,
                                    "  gemm %-32s %8.1f GFLOP/s%s%n",
                                    shape.name(),
                                    gflops,
                                    rounds > 1 ? " (round " + round + "/" + rounds + ")" : "");
                            progress.flush();
                        }
                        if (cpuKernel
                                != null) { // in every round, as the shapes: the host's noisy stretches hit both alike
                            double gflops = cpuKernel.gemmKernelInL1Gflops(minTime);
                            kernelBest = Math.max(kernelBest, gflops);
                            progress.printf(
                                    Locale.ROOT,
                                    "  gemm kernel alone (%s) %8.1f GFLOP/s%s%n",
                                    cpuKernel.gemmKernelInL1Description(),
                                    gflops,
                                    rounds > 1 ? " (round " + round + "/" + rounds + ")" : "");
                            progress.flush();
                        }
                    }
                    for (int i = 0; i < SHAPES.size(); i++) {
                        gemmRow(gemmRows, SHAPES.get(i)).put(backend.name(), best[i]);
                    }
                    if (cpuKernel != null) {
                        kernelInL1 = new LinkedHashMap<>();
                        kernelInL1.put("what", cpuKernel.gemmKernelInL1Description());
                        kernelInL1.put("gflops", kernelBest);
                        result.put("cpuKernelInL1", kernelInL1);
                    }
                }
                if (!noTrain) {
                    trainRows.add(timeTraining(backend, sets, progress));
                }
            }
        }
        if (json) {
            out.println(new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeSpecialFloatingPointValues()
                    .create()
                    .toJson(result));
        } else {
            printTables(out, devices, gemmRows, kernelInL1, trainRows);
        }
        out.flush();
        return 0;
    }

    private List<BackendProvider> chooseBackends(PrintWriter progress) {
        List<BackendProvider> chosen = new ArrayList<>();
        if (backends == null || backends.isEmpty()) {
            for (BackendProvider p : Backends.providers()) {
                Availability a = p.availability();
                if (p.name().equals("reference")) {
                    continue;
                }
                if (a.usable()) {
                    chosen.add(p);
                } else {
                    progress.printf("bench: skipping %s (%s)%n", p.name(), a.reason());
                }
            }
        } else {
            for (String name : backends) {
                BackendProvider p = Backends.provider(name.trim())
                        .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + name + "'; choose from "
                                + Backends.providers().stream()
                                        .map(BackendProvider::name)
                                        .toList()));
                Availability a = p.availability();
                if (!a.usable()) {
                    throw new IllegalArgumentException("backend '" + name + "' is unavailable: " + a.reason());
                }
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no backend to measure");
        }
        return chosen;
    }

    /** GFLOP/s of one shape: warm-up calls, then as many calls as fit in {@code seconds}, timed together. */
    private double gemmThroughput(Backend backend, Shape s, double seconds) {
        int aRows = s.transA() ? s.k() : s.m();
        int aCols = s.transA() ? s.m() : s.k();
        int bRows = s.transB() ? s.n() : s.k();
        int bCols = s.transB() ? s.k() : s.n();
        try (Scope scope = new Scope(backend)) {
            Tensor a = scope.upload(aRows, aCols, random(aRows * aCols, 1));
            Tensor b = scope.upload(bRows, bCols, random(bRows * bCols, 2));
            Tensor c = scope.zeros(s.m(), s.n());
            long warmStart = System.nanoTime();
            for (int i = 0; i < warmup || System.nanoTime() - warmStart < 500_000_000L; i++) {
                backend.gemm(s.transA(), s.transB(), 1f, a, b, 0f, c);
                backend.synchronize();
            }
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            int batch = 1;
            do {
                for (int i = 0; i < batch; i++) {
                    backend.gemm(s.transA(), s.transB(), 1f, a, b, 0f, c);
                }
                backend.synchronize();
                calls += batch;
                batch = Math.min(batch * 2, 1 << 12);
                elapsed = System.nanoTime() - start;
            } while (elapsed < seconds * 1e9);
            return s.flops() * calls / elapsed; // flops per nanosecond = GFLOP/s
        }
    }

    /** Trains the seed network for --epochs on the backend (no validation split) and scores the test set. */
    private Map<String, Object> timeTraining(Backend backend, TrainTest sets, PrintWriter progress) {
        MlpSpec spec = MlpSpec.classifier(
                sets.train().cols(),
                layers,
                Math.max(sets.train().classes(), sets.test().classes()),
                Activation.RELU,
                true,
                0f,
                new SoftmaxCrossEntropy());
        try (Mlp model = Mlp.create(spec, backend, WeightInit.PYTORCH_DEFAULT, seed);
                DeviceDataset train = DeviceDataset.upload(backend, sets.train(), spec.loss());
                DeviceDataset test = DeviceDataset.upload(backend, sets.test(), spec.loss());
                Optimizer sgd = Optimizer.sgd(0.9f)) {
            // Heap bytes the training threads allocate between the first and the last step of each
            // epoch after the first: the steady state, without the once-per-epoch shuffle and report.
            HeapAllocation heap = HeapAllocation.ofTrainingThreads();
            // What measures the training must do the same thing in every epoch: the op timer switched on
            // only after the first epoch made the JIT throw away, at the start of the second, every compiled
            // op that had inlined its off branch (an uncommon trap each), and the second epoch then ran
            // 0.2-0.3 s slower while they were compiled again (JFR's deoptimization events, Zen 4). So the
            // timer runs from the first step and its first epoch's sums are dropped, and the heap is read
            // at the first and last step of every epoch and the first epoch's figure dropped.
            OpTimes opTimes = backend instanceof CpuBackend cpu ? cpu.opTimes() : null;
            if (opTimes != null) {
                opTimes.reset();
                opTimes.enable(true);
            }
            List<Double> bytesPerStepByEpoch = new ArrayList<>();
            long[] atFirstStep = new long[1];
            int[] stepsPerEpoch = new int[1];
            Trainer trainer = new Trainer(
                            new TrainingOptions(epochs, batchSize, seed, true), sgd, new StepDecay(0.01, 0.5, 2))
                    .addListener(new TrainingListener() {
                        @Override
                        public void stepFinished(int epoch, int step, int steps) {
                            stepsPerEpoch[0] = steps;
                            if (step == 1) {
                                atFirstStep[0] = heap.allocated();
                            } else if (step == steps) {
                                bytesPerStepByEpoch.add((double) (heap.allocated() - atFirstStep[0]) / (steps - 1));
                            }
                        }

                        @Override
                        public void epochFinished(EpochRecord r) {
                            progress.printf(
                                    Locale.ROOT,
                                    "  epoch %d/%d  %.3f s  train loss %.4f%n",
                                    r.epoch(),
                                    epochs,
                                    r.seconds(),
                                    r.trainLoss());
                            progress.flush();
                            // The split is of the steady state, after the JIT's first epoch, and of training only.
                            if (opTimes != null && r.epoch() == 1) {
                                opTimes.reset();
                            }
                            if (opTimes != null && r.epoch() == epochs) {
                                opTimes.enable(false);
                            }
                        }
                    });
            History history = trainer.fit(model, train, null);
            Evaluation eval = Trainer.evaluate(model, test, 1000);
            double[] seconds =
                    history.epochs().stream().mapToDouble(EpochRecord::seconds).toArray();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("backend", backend.name());
            row.put("data", sets.train().name());
            row.put("trainRows", sets.train().rows());
            row.put("epochs", epochs);
            row.put("secondsPerEpoch", seconds);
            row.put("meanSeconds", Arrays.stream(seconds).average().orElse(Double.NaN));
            // The first epoch includes the JIT's warm-up; later ones are the steady state.
            row.put(
                    "meanSecondsAfterFirst",
                    seconds.length > 1
                            ? Arrays.stream(seconds).skip(1).average().orElse(Double.NaN)
                            : Double.NaN);
            row.put("testAccuracy", eval.accuracy());
            row.put("layers", layers);
            row.put("batchSize", batchSize);
            // GEMM work per epoch: forward, weight gradients, and input gradients of every layer but the first.
            double flopsPerRow = 0;
            int[] widths = new int[layers.length + 2];
            widths[0] = sets.train().cols();
            System.arraycopy(layers, 0, widths, 1, layers.length);
            widths[widths.length - 1] = spec.outputSize();
            for (int l = 0; l + 1 < widths.length; l++) {
                flopsPerRow += 2.0 * widths[l] * widths[l + 1] * (l == 0 ? 2 : 3);
            }
            double steady = seconds.length > 1
                    ? Arrays.stream(seconds).skip(1).average().orElse(Double.NaN)
                    : seconds[0];
            row.put("gemmGflopPerEpoch", flopsPerRow * sets.train().rows() / 1e9);
            row.put("gflopsAfterFirst", flopsPerRow * sets.train().rows() / 1e9 / steady);
            if (!bytesPerStepByEpoch.isEmpty()) {
                bytesPerStepByEpoch.remove(0); // the first epoch: the JIT's
            }
            if (!bytesPerStepByEpoch.isEmpty() && heap.allocated() >= 0) {
                // The last epoch is the steady state: on a small data set (mnist-10k: 80 steps an
                // epoch) the JIT is still compiling the kernels during the second and third epochs,
                // and code that is not compiled yet boxes its vectors.
                double last = bytesPerStepByEpoch.get(bytesPerStepByEpoch.size() - 1);
                row.put("heapBytesPerStep", last);
                row.put("heapBytesPerStepByEpoch", bytesPerStepByEpoch);
                progress.printf(
                        Locale.ROOT,
                        "  heap allocated per training step in the last epoch: %.0f bytes (epochs 2 to %d: %s)%n",
                        last,
                        epochs,
                        bytesPerStepByEpoch.stream()
                                .map(b -> String.format(Locale.ROOT, "%.0f", b))
                                .collect(Collectors.joining(", ")));
                allocationWarning(backend.name(), bytesPerStepByEpoch, stepsPerEpoch[0])
                        .ifPresent(w -> progress.printf(Locale.ROOT, "  ^ %s%n", w));
            }
            if (opTimes != null && seconds.length > 1) {
                row.put("stepSplit", stepSplit(opTimes, seconds, progress));
            }
            progress.printf(Locale.ROOT, "  test accuracy %.4f after %d epoch(s)%n", eval.accuracy(), epochs);
            return row;
        }
    }

    /**
     * Seconds per epoch in each kind of op after the first epoch, and the rest of the epoch (the
     * trainer's own work: batch bookkeeping, the loss read back, listeners), printed and returned.
     */
    private static Map<String, Double> stepSplit(OpTimes opTimes, double[] seconds, PrintWriter progress) {
        double epochs = seconds.length - 1;
        double epochSeconds = Arrays.stream(seconds).skip(1).sum() / epochs;
        Map<String, Double> split = new LinkedHashMap<>();
        double inOps = 0;
        for (Map.Entry<String, Double> e : opTimes.seconds().entrySet()) {
            split.put(e.getKey(), e.getValue() / epochs);
            inOps += e.getValue() / epochs;
        }
        split.put("rest (trainer, outside the backend's ops)", epochSeconds - inOps);
        progress.printf(Locale.ROOT, "  where an epoch's %.3f s go (after the first epoch):%n", epochSeconds);
        split.forEach((kind, s) ->
                progress.printf(Locale.ROOT, "    %-44s %7.3f s  %5.1f %%%n", kind, s, 100 * s / epochSeconds));
        progress.flush();
        return split;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gemmRow(List<Map<String, Object>> rows, Shape shape) {
        for (Map<String, Object> row : rows) {
            if (row.get("name").equals(shape.name())) {
                return (Map<String, Object>) row.get("gflops");
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", shape.name());
        row.put("m", shape.m());
        row.put("n", shape.n());
        row.put("k", shape.k());
        row.put("transA", shape.transA());
        row.put("transB", shape.transB());
        Map<String, Object> gflops = new LinkedHashMap<>();
        row.put("gflops", gflops);
        rows.add(row);
        return gflops;
    }

    @SuppressWarnings("unchecked")
    private static void printTables(
            PrintWriter out,
            Map<String, String> devices,
            List<Map<String, Object>> gemmRows,
            Map<String, Object> kernelInL1,
            List<Map<String, Object>> trainRows) {
        devices.forEach((name, description) -> out.printf("%-10s %s%n", name, description));
        if (!gemmRows.isEmpty()) {
            out.printf("%nGEMM, GFLOP/s%n%-34s", "shape");
            devices.keySet().forEach(name -> out.printf("%12s", name));
            out.println();
            for (Map<String, Object> row : gemmRows) {
                out.printf("%-34s", row.get("name"));
                Map<String, Object> g = (Map<String, Object>) row.get("gflops");
                devices.keySet()
                        .forEach(name -> out.printf(Locale.ROOT, "%12.1f", (Double) g.getOrDefault(name, Double.NaN)));
                out.println();
            }
        }
        if (kernelInL1 != null) {
            out.printf(
                    Locale.ROOT,
                    "cpu GEMM kernel alone (%s): %.1f GFLOP/s, the ceiling of the products above%n",
                    kernelInL1.get("what"),
                    (Double) kernelInL1.get("gflops"));
        }
        if (!trainRows.isEmpty()) {
            out.printf(
                    "%nseed network, seconds per epoch%n%-10s %-16s %8s %12s %14s  %s%n",
                    "backend", "data", "epochs", "mean s", "after first", "test acc");
            for (Map<String, Object> row : trainRows) {
                out.printf(
                        Locale.ROOT,
                        "%-10s %-16s %8d %12.3f %14.3f  %.4f%n",
                        row.get("backend"),
                        row.get("data"),
                        (Integer) row.get("epochs"),
                        (Double) row.get("meanSeconds"),
                        (Double) row.get("meanSecondsAfterFirst"),
                        (Double) row.get("testAccuracy"));
            }
        }
    }

    private static float[] random(int n, long seed) {
        PhiloxStream rng = new PhiloxStream(seed, 0xBE7CL);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return v;
    }
}
