package io.jmlp.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A model or checkpoint was about to be written with NaN or infinite parameters (a diverged run):
 * it is refused, so nothing holding NaN/Inf is ever written as if it were a trained model.
 */
public final class NonFiniteModelException extends IllegalStateException {
    public NonFiniteModelException(String message) {
        super(message);
    }

    /** Throws when any float tensor holds a NaN or an infinity, naming the first and the count. */
    static void check(List<SafeTensor> tensors, Path target) {
        long count = 0;
        String first = null;
        for (SafeTensor t : tensors) {
            if (t.floats() == null) {
                continue;
            }
            for (float v : t.floats()) {
                if (!Float.isFinite(v)) {
                    count++;
                    if (first == null) {
                        first = t.name() + " (" + v + ")";
                    }
                }
            }
        }
        if (count > 0) {
            throw new NonFiniteModelException(
                    "not writing " + target + ": the model holds " + count + " non-finite values (NaN/Inf), first in "
                            + first + "; training diverged (lower --lr, or use --clip-norm)");
        }
    }
}
