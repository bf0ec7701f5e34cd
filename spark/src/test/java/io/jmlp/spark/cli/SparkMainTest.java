package io.jmlp.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jmlp spark}'s driver running out of heap ends with one line saying how to give it more, not the JVM's trace. */
class SparkMainTest {

    @Command(name = "fill-heap")
    static final class FillsTheHeap implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space"); // what the JVM throws, without filling this test's heap
        }
    }

    @Test
    void theDriverRunningOutOfHeapIsOneLineThatSaysHowToGiveMore() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SparkMain());
        cli.addSubcommand("fill-heap", new FillsTheHeap());
        cli.setErr(new PrintWriter(err, true));

        int code = SparkMain.configure(cli).execute("fill-heap");

        assertEquals(1, code);
        String message = err.toString();
        assertTrue(message.startsWith("jmlp spark: out of memory (Java heap space): the driver's heap"), message);
        assertTrue(message.contains("--driver-memory"), message);
        assertFalse(message.contains("\tat "), message);
        assertEquals(1, message.strip().lines().count(), message);
    }
}
