package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.model.ModelFile;
import io.jmlp.model.OnnxExport;
import io.jmlp.nn.Mlp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jmlp export --format onnx}: a saved model's inference graph as an ONNX file. */
@Command(
        name = "export",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = "Export a saved model (jmlp train --save) for other runtimes.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A model directory written by jmlp train --save.")
    Path model;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "onnx (opset 13).")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write. Default: <model>/model.onnx.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!format.equalsIgnoreCase("onnx")) {
            throw new IllegalArgumentException(
                    "--format " + format + " is not supported; the only export format is onnx");
        }
        Path file = output != null ? output : model.resolve("model.onnx");
        // Exporting reads the weights only; the reference backend needs no device.
        try (Backend backend = io.jmlp.backend.Backends.select("reference", true);
                Mlp network = ModelFile.load(model, backend).model()) {
            // The graph takes raw features: the saved scaler is part of it (and un-standardises regression outputs).
            OnnxExport.write(file, network, ModelFile.readMetadata(model));
        }
        spec.commandLine()
                .getOut()
                .printf("wrote %s (ONNX opset 13; inputs 'input', outputs 'output' and the probabilities)%n", file);
        return 0;
    }
}
