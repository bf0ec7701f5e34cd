package io.jmlp.cli;

import io.jmlp.cpu.GradientCheck;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.nn.MlpSpec;
import io.jmlp.select.TrialConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp gradcheck}: back-propagation against finite differences on a small network built
 * from {@code jmlp train}'s network flags, on the reference backend in double precision. Exit
 * code 0 when every parameter passes, 1 otherwise.
 */
@Command(
        name = "gradcheck",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description =
                "Check back-propagation against central finite differences (reference backend, float64) on a small network "
                        + "of the chosen layers; prints the worst relative error per parameter tensor.")
final class GradcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions networkOptions = NetworkOptions.withLayers("6,5");

    @Option(names = "--inputs", defaultValue = "4", paramLabel = "N", description = "Input features.")
    int inputs;

    @Option(
            names = "--classes",
            defaultValue = "3",
            paramLabel = "K",
            description = "Output classes (outputs of mse/hinge/softmax-ce; bce has one output and two classes).")
    int classes;

    @Option(names = "--rows", defaultValue = "5", paramLabel = "N", description = "Random input rows.")
    int rows;

    @Option(
            names = "--step",
            defaultValue = "1e-5",
            paramLabel = "H",
            description = "Finite-difference step h (Richardson's extrapolation of the steps h and h/2).")
    double step;

    @Option(
            names = "--threshold",
            defaultValue = "1e-6",
            paramLabel = "E",
            description = "Largest relative error that passes.")
    double threshold;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seeds weights, inputs and targets.")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        networkOptions.check();
        if (inputs < 1 || classes < 2 || rows < 1) {
            throw new IllegalArgumentException("--inputs and --rows must be >= 1 and --classes >= 2; got " + inputs
                    + ", " + rows + ", " + classes);
        }
        if (!(step > 0) || !(threshold > 0)) {
            throw new IllegalArgumentException("--step and --threshold must be > 0; got " + step + ", " + threshold);
        }
        TrialConfig config = networkOptions.networkConfig();
        Loss loss = config.loss(true);
        int outputs = loss instanceof BinaryCrossEntropy ? 1 : classes;
        MlpSpec network = config.network(inputs, outputs, loss);
        out.printf(
                Locale.ROOT,
                "gradcheck: %s, loss %s, init %s, %d rows, central differences h = %.1e and h/2 extrapolated, reference backend in float64%n",
                network.widths(),
                loss.name(),
                config.init().cliName(),
                rows,
                step);
        GradientCheck.Report report = GradientCheck.run(network, config.init(), seed, rows, step);
        out.printf(
                Locale.ROOT,
                "  %-18s %6s  %-14s %-8s %-14s %-14s %s%n",
                "parameter",
                "size",
                "worst rel. err",
                "at",
                "analytic",
                "numeric",
                "kinks skipped");
        for (GradientCheck.TensorResult t : report.tensors()) {
            out.printf(
                    Locale.ROOT,
                    "  %-18s %6d  %-14.3e %-8d %-14.6e %-14.6e %d%s%n",
                    t.name(),
                    t.size(),
                    t.worstRelativeError(),
                    t.worstIndex(),
                    t.analytic(),
                    t.numeric(),
                    t.kinksSkipped(),
                    t.worstRelativeError() > threshold ? "  FAIL" : "");
        }
        if (report.kinksSkipped() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  %d parameter(s) skipped: a kink (ReLU at 0, a hinge margin) lies within the step, where finite "
                            + "differences say nothing about the gradient%n",
                    report.kinksSkipped());
        }
        boolean pass = report.passes(threshold);
        out.printf(
                Locale.ROOT,
                "worst relative error %.3e (%s) %s threshold %.1e: %s%n",
                report.worst().worstRelativeError(),
                report.worst().name(),
                pass ? "<=" : ">",
                threshold,
                pass ? "PASS" : "FAIL");
        return pass ? 0 : 1;
    }
}
