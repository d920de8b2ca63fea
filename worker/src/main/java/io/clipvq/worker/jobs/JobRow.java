package io.clipvq.worker.jobs;

import java.time.Instant;

/**
 * A snapshot of one row of the jobs table, as the ledger read it.
 *
 * @param kind    SINGLE also for a row created by a cancel before any request arrived (then request is null)
 * @param request the request's canonical JSON, the escaped text of a rejected message, or null (a cancel placeholder)
 */
public record JobRow(String jobId, JobKind kind, JobStatus status, String request, boolean cancelRequested,
                     String cancelReason, Integer promptCount, Integer imagesExpected, int imagesWritten,
                     String error, Instant startedAt) {
}
