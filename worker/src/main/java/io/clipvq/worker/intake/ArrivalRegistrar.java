package io.clipvq.worker.intake;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.events.JobEvents;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.JobSettings;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Records every request as it arrives: a queued row in the jobs table and an accepted event, within a poll of the
 * request reaching Kafka, however many jobs wait before it. It reads the request topics in consumer groups of its
 * own ({@code Topics.REGISTRAR_GROUP}), beside the working groups, whose consumers take one record per engine at a
 * time and so leave a backlog in Kafka; without this, that backlog would be invisible to SQL, the CLI and events.
 *
 * <p>It only records: a message it cannot parse, or whose key is not its job id, is left to the working consumer,
 * which dead-letters it with the reason. Whoever records a job first (this registrar or the working consumer) sends
 * its accepted event, once.
 */
@ApplicationScoped
public class ArrivalRegistrar {
    private static final Logger LOG = Logger.getLogger(ArrivalRegistrar.class);

    private final JobLedger ledger;
    private final JobEvents events;
    private final String workerId;

    ArrivalRegistrar(JobLedger ledger, JobEvents events, WorkerConfig config) {
        this.ledger = ledger;
        this.events = events;
        this.workerId = config.worker().id();
    }

    @Incoming("job-arrivals")
    @Blocking(ordered = false)
    public void jobArrived(ConsumerRecord<String, byte[]> record) {
        JobRequest request;
        try {
            request = JobJson.parseRequest(MessageText.decode(record.value()));
            KeyMismatchException.check(record.key(), request.jobId());
        } catch (RuntimeException e) {
            return;
        }
        record(request.jobId(), JobKind.SINGLE, JobJson.toJson(request), JobSettings.of(request),
                request.imagesExpected());
    }

    @Incoming("bulk-arrivals")
    @Blocking(ordered = false)
    public void bulkArrived(ConsumerRecord<String, byte[]> record) {
        BulkRequest request;
        try {
            request = BulkJson.parseRequest(MessageText.decode(record.value()));
            KeyMismatchException.check(record.key(), request.jobId());
        } catch (RuntimeException e) {
            return;
        }
        Integer total = request.hasInlinePrompts()
                ? Math.toIntExact(request.totalImages(request.prompts().size())) : null;
        record(request.jobId(), JobKind.BULK, BulkJson.toJson(request), JobSettings.of(request), total);
    }

    private void record(String jobId, JobKind kind, String canonical, JobSettings settings, Integer total) {
        try {
            if (ledger.recordArrival(jobId, kind, canonical, settings,
                    () -> events.publish(JobEvent.accepted(jobId, workerId, 0, total)))) {
                LOG.debugf("%s job %s queued", kind.dbValue(), jobId);
            }
        } catch (RuntimeException e) {
            // the working consumer records the job when it takes it; nothing is lost by not recording it early
            LOG.warnf("could not record the arrival of %s job %s: %s", kind.dbValue(), jobId, e.getMessage());
        }
    }
}
