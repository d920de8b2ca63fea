package io.clipvq.worker.intake;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
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
    private final RequestRejection rejection;

    JobRequestConsumer(JobRunner runner, JobStore jobs, JobEventPublisher events, WorkerMetrics metrics) {
        this.runner = runner;
        this.rejection = new RequestRejection(LOG, "", "job", jobs, metrics, runner::workerId,
                (jobId, reason) -> events.publish(
                        JobEvent.failed(jobId, runner.workerId(), jobs.countImages(jobId), null, reason)));
    }

    @Incoming("job-requests")
    @Blocking(value = "generation", ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        String jobId = null;
        try {
            JobRequest request = JobJson.parseRequest(record.value());
            jobId = request.jobId();
            runner.run(request);
        } catch (RuntimeException e) {
            rejection.reject(record, jobId, e);
            throw e;
        }
    }
}
