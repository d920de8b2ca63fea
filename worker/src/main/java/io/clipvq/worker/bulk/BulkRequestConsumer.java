package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.SafeNames;
import io.clipvq.worker.intake.JobIdConflictException;
import io.clipvq.worker.jobs.JobStore;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes bulk requests off Kafka and plans them. Planning does no generation, so it runs on the default worker pool
 * and the request is acknowledged once its shards are published. A request that can never be planned goes to the
 * bulk dead-letter topic with the reason, and its job (when it has a safe id) is marked failed with that reason.
 */
@ApplicationScoped
public class BulkRequestConsumer {
    private static final Logger LOG = Logger.getLogger(BulkRequestConsumer.class);

    private final BulkPlanService planner;
    private final JobStore jobs;
    private final BulkEvents events;
    private final WorkerMetrics metrics;

    BulkRequestConsumer(BulkPlanService planner, JobStore jobs, BulkEvents events, WorkerMetrics metrics) {
        this.planner = planner;
        this.jobs = jobs;
        this.events = events;
        this.metrics = metrics;
    }

    @Incoming("bulk-requests")
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        String jobId = null;
        try {
            BulkRequest request = BulkJson.parseRequest(record.value());
            jobId = request.jobId();
            planner.plan(request);
        } catch (InvalidJobMessageException e) {
            reject(record, e.jobId().orElse(jobId != null ? jobId : safeKey(record.key())), e);
            throw e;
        } catch (JobIdConflictException e) {
            LOG.warnf("dead-lettering bulk request %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            metrics.messageRejected();
            throw e;
        } catch (RuntimeException e) {
            reject(record, jobId, e);
            throw e;
        }
    }

    private void reject(ConsumerRecord<String, String> record, String jobId, RuntimeException e) {
        String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        LOG.warnf(e instanceof InvalidJobMessageException ? null : e, "dead-lettering bulk request %s-%d@%d (job %s): %s",
                record.topic(), record.partition(), record.offset(), jobId, reason);
        metrics.messageRejected();
        if (jobId == null) {
            return;
        }
        try {
            if (jobs.markFailed(jobId, reason, record.value(), planner.workerId())) {
                metrics.jobEnded("failed");
                events.job(JobEvent.failed(jobId, planner.workerId(), null, null, reason));
            }
        } catch (RuntimeException recording) {
            e.addSuppressed(recording);
            LOG.errorf(recording, "could not mark bulk job %s failed", jobId);
        }
    }

    private static String safeKey(String key) {
        return key != null && SafeNames.isSafeJobId(key) ? key : null;
    }
}
