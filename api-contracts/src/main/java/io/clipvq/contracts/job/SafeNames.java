package io.clipvq.contracts.job;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for the names that become parts of object keys (job ids, output prefixes), so that no request can
 * write outside its prefix: no '..', no absolute path, no backslash, no control characters, no empty segment.
 * The JSON Schemas state the same rules as regular expressions.
 */
public final class SafeNames {
    private SafeNames() {
    }

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** @return the problem with {@code jobId}, or empty when it is safe */
    public static Optional<String> jobIdProblem(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (jobId.length() > JobDefaults.MAX_JOB_ID_LENGTH) {
            return Optional.of("must be at most " + JobDefaults.MAX_JOB_ID_LENGTH + " characters");
        }
        return commonProblem(jobId).or(() -> {
            if (jobId.indexOf('/') >= 0) {
                return Optional.of("must not contain '/' (a job id is one path segment)");
            }
            return segmentProblem(jobId);
        });
    }

    /** @return the problem with {@code prefix}, or empty when it is a safe relative key prefix */
    public static Optional<String> outputPrefixProblem(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (prefix.length() > JobDefaults.MAX_OUTPUT_PREFIX_LENGTH) {
            return Optional.of("must be at most " + JobDefaults.MAX_OUTPUT_PREFIX_LENGTH + " characters");
        }
        return commonProblem(prefix).or(() -> {
            if (prefix.startsWith("/")) {
                return Optional.of("must be a relative path (no leading '/')");
            }
            for (String segment : prefix.split("/", -1)) {
                if (segment.isEmpty()) {
                    return Optional.of("must not contain empty segments ('//' or a trailing '/')");
                }
                Optional<String> problem = segmentProblem(segment);
                if (problem.isPresent()) {
                    return problem.map(p -> "segment '" + segment + "' " + p);
                }
            }
            return Optional.empty();
        });
    }

    public static boolean isSafeJobId(String jobId) {
        return jobIdProblem(jobId).isEmpty();
    }

    private static Optional<String> commonProblem(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return Optional.of("must not contain control characters (found U+"
                        + String.format("%04X", (int) name.charAt(i)) + " at index " + i + ")");
            }
        }
        if (name.contains("..")) {
            return Optional.of("must not contain '..'");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("must not contain '\\'");
        }
        return Optional.empty();
    }

    private static Optional<String> segmentProblem(String segment) {
        if (!SEGMENT.matcher(segment).matches()) {
            return Optional.of("must start with a letter or digit and contain only letters, digits, '.', '_', '-'");
        }
        return Optional.empty();
    }
}
