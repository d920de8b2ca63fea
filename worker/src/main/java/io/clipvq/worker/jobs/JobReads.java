package io.clipvq.worker.jobs;

import java.util.List;
import java.util.Optional;

/**
 * Reading the jobs table, for the ledger's own decisions and for readers that must never change a job (the HTTP
 * API depends on this interface only, never on {@link JobLedger}; WorkerArchitectureTest holds that). Each method is
 * one transaction that changes nothing.
 */
public interface JobReads {

    Optional<JobRow> find(String jobId);

    /** The job's row with its timestamps, or empty when the id is unknown. */
    Optional<JobOverview> overview(String jobId);

    /**
     * One page of jobs, newest first (by creation time, then by job id descending, so pages never overlap or skip
     * while no job is added).
     *
     * @param status only jobs in this state, or every job when null
     * @param offset jobs skipped from the newest
     * @param limit  at most this many jobs
     */
    List<JobOverview> recent(JobStatus status, int offset, int limit);
}
