package io.jmlp.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that cannot be used as it is; the message names the file and the problem. */
public class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFileException(String source, String problem) {
        super(source + ": " + problem);
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
