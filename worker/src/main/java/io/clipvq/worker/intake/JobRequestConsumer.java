package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.SafeNames;
import io.clipvq.worker.events.JobEventPublisher;
import io.clipvq.worker.jobs.JobStore;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes job requests off Kafka. Generation blocks for seconds to hours, so it runs on the "generation" worker
 * pool (sized by CLIPVQ_ENGINES), never on the event loop; records may finish out of order across threads, and
 * the throttled commit strategy only commits offsets below which every record is done.
 *
 * <p>A record is acknowledged when its job has ended. Any exception nacks it, and the channel's failure strategy
 * sends it to the dead-letter topic with the exception message as the {@code dead-letter-reason} header; before
 * that, the job (when the message names a safe job id) is marked failed with the same reason.
 */
@ApplicationScoped
public class JobRequestConsumer {
    private static final Logger LOG = Logger.getLogger(JobRequestConsumer.class);

    private final JobRunner runner;
    private final JobStore jobs;
    private final JobEventPublisher events;
    private final WorkerMetrics metrics;

    JobRequestConsumer(JobRunner runner, JobStore jobs, JobEventPublisher events, WorkerMetrics metrics) {
        this.runner = runner;
        this.jobs = jobs;
        this.events = events;
        this.metrics = metrics;
    }

    @Incoming("job-requests")
    @Blocking(value = "generation", ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        String jobId = null;
        try {
            JobRequest request = JobJson.parseRequest(record.value());
            jobId = request.jobId();
            runner.run(request);
        } catch (InvalidJobMessageException e) {
            String id = e.jobId().orElse(jobId != null ? jobId : safeKey(record.key()));
            reject(record, id, e);
            throw e;
        } catch (JobIdConflictException e) {
            LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
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
        LOG.warnf(e instanceof InvalidJobMessageException ? null : e, "dead-lettering %s-%d@%d (job %s): %s",
                record.topic(), record.partition(), record.offset(), jobId, reason);
        metrics.messageRejected();
        if (jobId == null) {
            return;
        }
        try {
            if (jobs.markFailed(jobId, reason, record.value(), runner.workerId())) {
                metrics.jobEnded("failed");
                events.publish(JobEvent.failed(jobId, runner.workerId(), jobs.countImages(jobId), null, reason));
            }
        } catch (RuntimeException recording) {
            // the message still goes to the dead-letter topic with its reason
            e.addSuppressed(recording);
            LOG.errorf(recording, "could not mark job %s failed", jobId);
        }
    }

    private static String safeKey(String key) {
        return key != null && SafeNames.isSafeJobId(key) ? key : null;
    }
}
