package io.clipvq.contracts.job;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A message that can never be processed. Its message lists every violation; {@link #jobId()} is the job id
 * found in the message when that id is itself safe to use, so the caller can mark the job failed.
 */
public class InvalidJobMessageException extends RuntimeException {
    private final List<Violation> violations;
    private final String jobId;

    public InvalidJobMessageException(List<Violation> violations, String jobId) {
        super("invalid message: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
        this.jobId = jobId;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }
}
