package io.clipvq.engine.bundle;

import java.util.List;

/**
 * A model bundle was refused. Each problem starts with the file it concerns ("denoiser.onnx: ...") and says
 * what is wrong, so that an operator can fix the bundle from the message alone.
 */
public final class BundleException extends RuntimeException {
    private final List<String> problems;

    BundleException(String where, List<String> problems) {
        super("model bundle " + where + " refused: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    BundleException(String where, String problem, Throwable cause) {
        super("model bundle " + where + " refused: " + problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
