package io.clipvq.contracts.bundle;

import java.util.List;

/** A manifest.json that is not JSON, breaks the schema or is inconsistent; lists every problem found. */
public class InvalidBundleManifestException extends RuntimeException {
    private final List<String> problems;

    public InvalidBundleManifestException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
