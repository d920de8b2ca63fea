package io.clipvq.worker.bulk;

import io.clipvq.contracts.job.JobEvent;

/**
 * What a bulk job tells the outside: its lifecycle as ordinary job events (so every job client can follow it) and
 * its progress with shards, rate and ETA on the bulk-progress topic. Both read the counts from the database, so
 * every pod reports the job's whole progress, not only its own shards.
 */
public interface BulkEvents {

    void job(JobEvent event);

    /** Sends the job's progress as a bulk-progress event and a job-events "progress" event. */
    void progress(String jobId, String workerId);
}
