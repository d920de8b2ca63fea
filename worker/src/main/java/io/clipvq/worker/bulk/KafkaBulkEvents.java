package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkProgressEvent;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.worker.events.JobEventPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.time.Instant;

/** {@link BulkEvents} on Kafka: the job-events and bulk-progress topics. */
@ApplicationScoped
public class KafkaBulkEvents implements BulkEvents {


    private final JobEventPublisher jobEvents;
    private final MutinyEmitter<Record<String, String>> progress;
    private final BulkStore store;
    private final Duration sendTimeout;

    KafkaBulkEvents(JobEventPublisher jobEvents,
                    @Channel("bulk-progress") MutinyEmitter<Record<String, String>> progress, BulkStore store,
                    @ConfigProperty(name = "clipvq-events.delivery-timeout-ms", defaultValue = "300000")
                    long deliveryTimeoutMillis) {
        this.jobEvents = jobEvents;
        this.progress = progress;
        this.store = store;
        this.sendTimeout = Duration.ofMillis(deliveryTimeoutMillis).plusSeconds(10);
    }

    @Override
    public void job(JobEvent event) {
        jobEvents.publish(event);
    }

    @Override
    public void progress(String jobId, String workerId) {
        store.progress(jobId).ifPresent(p -> {
            BulkProgressEvent event = BulkProgressEvent.of(jobId, workerId, p.status(), p.imagesDone(),
                    p.imagesTotal(), p.shardsCompleted(), p.shardsTotal(), p.startedAt(), Instant.now(), p.imagesDistinct(),
                    p.imagesNearDistinct());
            progress.send(Record.of(jobId, BulkJson.toJson(event))).await().atMost(sendTimeout);
            jobEvents.publish(JobEvent.progress(jobId, workerId, Math.toIntExact(p.imagesDone()),
                    Math.toIntExact(p.imagesTotal())));
        });
    }
}
