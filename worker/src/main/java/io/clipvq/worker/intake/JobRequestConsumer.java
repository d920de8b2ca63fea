package io.clipvq.worker.intake;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.worker.events.JobEvents;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes job requests off Kafka and runs them. Generation blocks for seconds to hours, so it runs on the
 * "generation" worker pool (sized by CLIPVQ_CONCURRENT_JOBS), never on the event loop; records may finish out of order
 * across threads, and the throttled commit strategy only commits offsets below which every record is done.
 *
 * <p>A record is acknowledged when its job has ended. Any failure nacks it, and the channel's failure strategy
 * sends its original bytes to the dead-letter topic with a one-line reason as the {@code dead-letter-reason}
 * header; {@link RequestRejection} decides first whether the job is marked failed.
 */
@ApplicationScoped
public class JobRequestConsumer {
    private static final Logger LOG = Logger.getLogger(JobRequestConsumer.class);

    private final JobRunner runner;
    private final RequestRejection rejection;

    JobRequestConsumer(JobRunner runner, JobLedger ledger, JobImages images, JobEvents events,
                       WorkerMetrics metrics) {
        this.runner = runner;
        this.rejection = new RequestRejection(LOG, JobKind.SINGLE, ledger, metrics, runner::workerId,
                (jobId, reason) -> events.publish(JobEvent.failed(jobId, runner.workerId(),
                        Math.toIntExact(images.count(jobId)), null, reason)));
    }

    @Incoming("job-requests")
    @Blocking(value = "generation", ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        RequestRejection.ParsedRequest parsed = null;
        try {
            JobRequest request = JobJson.parseRequest(MessageText.decode(record.value()));
            KeyMismatchException.check(record.key(), request.jobId());
            parsed = new RequestRejection.ParsedRequest(request.jobId(), JobJson.toJson(request));
            runner.run(request);
        } catch (RuntimeException e) {
            throw rejection.reject(record, parsed, e);
        }
    }
}
