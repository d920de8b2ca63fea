package io.clipvq.worker.api;

import io.clipvq.worker.jobs.JobStatus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The parameters of GET /api/jobs, checked: an optional status, a page (from 0) and a page size. Anything else is
 * refused with a 400 that names the parameter and what it takes.
 *
 * @param status null for every status
 */
public record JobListQuery(JobStatus status, int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep offsets cost a scan of every skipped row; a client that needs more should filter by status. */
    public static final int MAX_PAGE = 10_000;

    /** The statuses as the API writes them: queued, running, completed, failed, cancelled. */
    public static final String STATUSES = Arrays.stream(JobStatus.values()).map(JobStatus::dbValue)
            .collect(Collectors.joining(", "));

    /** @throws ApiException 400 naming the parameter */
    public static JobListQuery parse(String status, String page, String size) {
        return new JobListQuery(status(status), number("page", page, 0, 0, MAX_PAGE),
                number("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    public int offset() {
        return page * size;
    }

    private static JobStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (JobStatus status : JobStatus.values()) {
            if (status.dbValue().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        throw ApiException.badRequest("status '" + shown(text) + "' is not a job status; use one of " + STATUSES,
                "status");
    }

    private static int number(String name, String text, int absent, int min, int max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, as an out-of-range number is
        }
        throw ApiException.badRequest(name + " '" + shown(text) + "' must be a whole number from " + min + " to "
                + max, name);
    }

    /** The parameter as given, cut and without control characters, to quote it back safely. */
    private static String shown(String text) {
        String cut = text.length() <= 40 ? text : text.substring(0, 37) + "...";
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
