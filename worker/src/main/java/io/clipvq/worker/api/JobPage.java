package io.clipvq.worker.api;

import java.util.List;

/**
 * One page of jobs, newest first.
 *
 * @param status  the filter applied, or null
 * @param hasMore whether an older page exists
 */
public record JobPage(List<JobSummary> jobs, int page, int size, String status, boolean hasMore) {
}
