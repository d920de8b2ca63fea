package io.clipvq.worker.jobs;

import io.clipvq.contracts.job.ModelRef;

import java.time.Instant;

/**
 * A snapshot of one row of the jobs table, as the ledger read it.
 *
 * @param kind    SINGLE also for a row created by a cancel before any request arrived (then request is null)
 * @param request the request's canonical JSON, the escaped text of a rejected message, or null (a cancel placeholder)
 * @param model   the model recorded for the job: the one it runs on once registered (its version pinned even when
 *                the request names none), null for a cancel placeholder
 */
public record JobRow(String jobId, JobKind kind, JobStatus status, String request, boolean cancelRequested,
                     String cancelReason, Integer promptCount, Integer imagesExpected, int imagesWritten,
                     String error, Instant startedAt, ModelRef model) {
}
