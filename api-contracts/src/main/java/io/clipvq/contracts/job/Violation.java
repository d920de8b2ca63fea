package io.clipvq.contracts.job;

/**
 * One broken rule of a message.
 *
 * @param field   JSON path of the offending field, e.g. {@code prompts[2]} or {@code sampling.steps}
 * @param value   the offending value as text (shortened when long), or null when the field is missing
 * @param problem what is wrong, e.g. "must be between 1 and 64"
 */
public record Violation(String field, String value, String problem) {

    @Override
    public String toString() {
        return value == null ? field + ": " + problem : field + " = " + value + ": " + problem;
    }
}
