package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.worker.intake.RequestRejection;
import io.clipvq.worker.intake.KeyMismatchException;
import io.clipvq.worker.intake.MessageText;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes bulk requests off Kafka and plans them. Planning does no generation, so it runs on the default worker pool
 * and the request is acknowledged once its shards are published. A request that can never be planned goes to the
 * bulk dead-letter topic (its original bytes) with the reason; {@link RequestRejection} decides whether its job is
 * marked failed.
 */
@ApplicationScoped
public class BulkRequestConsumer {
    private static final Logger LOG = Logger.getLogger(BulkRequestConsumer.class);

    private final BulkPlanService planner;
    private final RequestRejection rejection;

    BulkRequestConsumer(BulkPlanService planner, JobLedger ledger, BulkEvents events, WorkerMetrics metrics) {
        this.planner = planner;
        this.rejection = new RequestRejection(LOG, JobKind.BULK, ledger, metrics, planner::workerId,
                (jobId, reason) -> events.job(JobEvent.failed(jobId, planner.workerId(), null, null, reason)));
    }

    @Incoming("bulk-requests")
    @Blocking(ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        RequestRejection.ParsedRequest parsed = null;
        try {
            BulkRequest request = BulkJson.parseRequest(MessageText.decode(record.value()));
            KeyMismatchException.check(record.key(), request.jobId());
            parsed = new RequestRejection.ParsedRequest(request.jobId(), BulkJson.toJson(request));
            planner.plan(request);
        } catch (RuntimeException e) {
            throw rejection.reject(record, parsed, e);
        }
    }
}
