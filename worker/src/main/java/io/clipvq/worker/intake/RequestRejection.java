package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.SafeNames;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.Reasons;
import io.clipvq.worker.metrics.WorkerMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * What a request consumer does with a record it cannot process, before the channel's failure strategy dead-letters
 * it. Shared by the job and bulk request consumers, so both follow one rule: the job is marked failed only where
 * the ledger says the message owns it ({@link JobLedger#rejectionMayFail}); a job-id conflict, a key that is not the
 * job id, or a job that ran and failed (its runner recorded that) changes nothing here.
 */
public final class RequestRejection {
    /** Publishes the "failed" event of a job the rejection has just marked failed. */
    @FunctionalInterface
    public interface FailedEvents {
        void publish(String jobId, String reason);
    }

    private final Logger log;
    private final JobKind kind;
    private final JobLedger ledger;
    private final WorkerMetrics metrics;
    private final Supplier<String> workerId;
    private final FailedEvents failedEvents;

    public RequestRejection(Logger log, JobKind kind, JobLedger ledger, WorkerMetrics metrics,
                            Supplier<String> workerId, FailedEvents failedEvents) {
        this.log = log;
        this.kind = kind;
        this.ledger = ledger;
        this.metrics = metrics;
        this.workerId = workerId;
        this.failedEvents = failedEvents;
    }

    /**
     * Records why {@code record} is rejected and returns the exception to nack it with: its message is the
     * dead-letter reason, one plain line.
     *
     * @param parsed the request's job id and canonical JSON when it parsed, else null
     */
    public RejectedMessageException reject(ConsumerRecord<String, byte[]> record, ParsedRequest parsed,
                                           RuntimeException e) {
        String reason = Reasons.of(e);
        metrics.messageRejected();
        if (e instanceof JobIdConflictException || e instanceof JobRunFailedException
                || e instanceof KeyMismatchException) {
            log.warnf("dead-lettering %s %s-%d@%d: %s", kind.dbValue(), record.topic(), record.partition(),
                    record.offset(), reason);
            return new RejectedMessageException(reason, e);
        }
        String jobId = parsed != null ? parsed.jobId() : null;
        if (jobId == null && e instanceof InvalidJobMessageException invalid) {
            jobId = invalid.jobId().orElse(safeKey(record.key()));
        }
        log.warnf(e instanceof InvalidJobMessageException ? null : e, "dead-lettering %s %s-%d@%d (job %s): %s",
                kind.dbValue(), record.topic(), record.partition(), record.offset(), jobId, reason);
        if (jobId != null) {
            String messageText = parsed != null ? parsed.canonicalJson() : MessageText.printable(record.value());
            try {
                if (ledger.markRejected(jobId, kind, messageText, reason, workerId.get())) {
                    metrics.jobEnded("failed");
                    failedEvents.publish(jobId, reason);
                }
            } catch (RuntimeException recording) {
                // the message still goes to the dead-letter topic with its reason
                log.errorf(recording, "could not mark %s job %s failed", kind.dbValue(), jobId);
            }
        }
        return new RejectedMessageException(reason, e);
    }

    /** A request that parsed: its job id and canonical JSON (what the ledger stores). */
    public record ParsedRequest(String jobId, String canonicalJson) {
    }

    private static String safeKey(String key) {
        return key != null && SafeNames.isSafeJobId(key) ? key : null;
    }
}
