package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.SafeNames;
import io.clipvq.worker.jobs.JobStore;
import io.clipvq.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * What a request consumer does with a record it cannot process, before rethrowing so that the channel's failure
 * strategy dead-letters it with the exception message as reason. Shared by the job and bulk request consumers so
 * that both mark the job failed the same way: only when the message names a safe job id, and never for a job-id
 * conflict (the id belongs to another, live job).
 */
public final class RequestRejection {
    /** Publishes the "failed" event of a job the rejection has just marked failed. */
    @FunctionalInterface
    public interface FailedEvents {
        void publish(String jobId, String reason);
    }

    private final Logger log;
    private final String recordName;
    private final String jobName;
    private final JobStore jobs;
    private final WorkerMetrics metrics;
    private final Supplier<String> workerId;
    private final FailedEvents failedEvents;

    /**
     * @param recordName words put before the record's coordinates in log lines ("" or "bulk request ")
     * @param jobName    what the log calls the job ("job" or "bulk job")
     */
    public RequestRejection(Logger log, String recordName, String jobName, JobStore jobs, WorkerMetrics metrics,
                            Supplier<String> workerId, FailedEvents failedEvents) {
        this.log = log;
        this.recordName = recordName;
        this.jobName = jobName;
        this.jobs = jobs;
        this.metrics = metrics;
        this.workerId = workerId;
        this.failedEvents = failedEvents;
    }

    /**
     * Records why {@code record} is rejected.
     *
     * @param parsedJobId the job id when the request parsed, else null
     */
    public void reject(ConsumerRecord<String, String> record, String parsedJobId, RuntimeException e) {
        if (e instanceof JobIdConflictException) {
            log.warnf("dead-lettering %s%s-%d@%d: %s", recordName, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            metrics.messageRejected();
            return;
        }
        String jobId = parsedJobId;
        if (e instanceof InvalidJobMessageException invalid) {
            jobId = invalid.jobId().orElse(parsedJobId != null ? parsedJobId : safeKey(record.key()));
        }
        markFailed(record, jobId, e);
    }

    private void markFailed(ConsumerRecord<String, String> record, String jobId, RuntimeException e) {
        String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        log.warnf(e instanceof InvalidJobMessageException ? null : e, "dead-lettering %s%s-%d@%d (job %s): %s",
                recordName, record.topic(), record.partition(), record.offset(), jobId, reason);
        metrics.messageRejected();
        if (jobId == null) {
            return;
        }
        try {
            if (jobs.markFailed(jobId, reason, record.value(), workerId.get())) {
                metrics.jobEnded("failed");
                failedEvents.publish(jobId, reason);
            }
        } catch (RuntimeException recording) {
            // the message still goes to the dead-letter topic with its reason
            e.addSuppressed(recording);
            log.errorf(recording, "could not mark %s %s failed", jobName, jobId);
        }
    }

    private static String safeKey(String key) {
        return key != null && SafeNames.isSafeJobId(key) ? key : null;
    }
}
