package io.jmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A command that runs out of heap (jmlp train on a data set larger than -Xmx allows) ends with one line
 * saying how to give the JVM more, not with the JVM's bare stack trace ("Exception in thread "main"
 * java.lang.OutOfMemoryError: Java heap space", as `JMLP_JAVA_OPTS=-Xmx384m ./jmlp train --data
 * fashion-mnist` printed before).
 */
class OutOfMemoryMessageTest {

    @Command(name = "fill-heap")
    static final class FillsTheHeap implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space"); // what the JVM throws, without filling this test's heap
        }
    }

    @Test
    void anOutOfMemoryErrorIsOneLineThatSaysHowToGiveMoreHeap() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Jmlp());
        cli.addSubcommand("fill-heap", new FillsTheHeap());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = Jmlp.configure(cli).execute("fill-heap");

        assertEquals(1, code);
        String message = err.toString();
        assertTrue(message.startsWith("jmlp: out of memory (Java heap space): the JVM's heap, at most "), message);
        assertTrue(message.contains("JMLP_JAVA_OPTS=-Xmx<size>"), message);
        assertFalse(message.contains("\tat "), "no stack trace without --verbose:\n" + message);
        assertEquals(1, message.strip().lines().count(), message);
    }
}
