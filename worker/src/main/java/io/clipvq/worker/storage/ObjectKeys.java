package io.clipvq.worker.storage;

import io.clipvq.contracts.job.SafeNames;

import java.util.Locale;

/**
 * Where each image of a job is stored. Keys are a pure function of (prefix, job id, prompt index, rank), so a
 * redelivered or resumed job writes the same image to the same key, and can never write anywhere else: the prefix
 * and the job id are checked again here, whatever the caller validated before.
 */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    /** {@code <outputPrefix>/<jobId>/p<promptIndex, 5 digits>-r<rank, 2 digits>.png}. */
    public static String image(String outputPrefix, String jobId, int promptIndex, int rank) {
        return jobPrefix(outputPrefix, jobId) + String.format(Locale.ROOT, "p%05d-r%02d.png", promptIndex, rank);
    }

    /** {@code <outputPrefix>/<jobId>/}: every object of the job starts with this. */
    public static String jobPrefix(String outputPrefix, String jobId) {
        SafeNames.outputPrefixProblem(outputPrefix).ifPresent(problem -> {
            throw new IllegalArgumentException("outputPrefix '" + outputPrefix + "' " + problem);
        });
        SafeNames.jobIdProblem(jobId).ifPresent(problem -> {
            throw new IllegalArgumentException("jobId '" + jobId + "' " + problem);
        });
        return outputPrefix + "/" + jobId + "/";
    }
}
