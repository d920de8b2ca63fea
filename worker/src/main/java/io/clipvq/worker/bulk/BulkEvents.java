package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkProgressEvent;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.worker.events.JobEventPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.time.Instant;

/**
 * What a bulk job tells the outside: its lifecycle as ordinary job events (so every job client can follow it) and
 * its progress with shards, rate and ETA on the bulk-progress topic. Both read the counts from the database, so
 * every pod reports the job's whole progress, not only its own shards.
 */
@ApplicationScoped
public class BulkEvents {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final JobEventPublisher jobEvents;
    private final MutinyEmitter<Record<String, String>> progress;
    private final BulkStore store;

    BulkEvents(JobEventPublisher jobEvents, @Channel("bulk-progress") MutinyEmitter<Record<String, String>> progress,
               BulkStore store) {
        this.jobEvents = jobEvents;
        this.progress = progress;
        this.store = store;
    }

    public void job(JobEvent event) {
        jobEvents.publish(event);
    }

    /** Sends the job's progress as a bulk-progress event and a job-events "progress" event. */
    public void progress(String jobId, String workerId) {
        store.progress(jobId).ifPresent(p -> {
            BulkProgressEvent event = BulkProgressEvent.of(jobId, workerId, p.status(), p.imagesDone(),
                    p.imagesTotal(), p.shardsCompleted(), p.shardsTotal(), p.startedAt(), Instant.now(), p.imagesDistinct());
            progress.send(Record.of(jobId, BulkJson.toJson(event))).await().atMost(SEND_TIMEOUT);
            jobEvents.publish(JobEvent.progress(jobId, workerId, Math.toIntExact(p.imagesDone()),
                    Math.toIntExact(p.imagesTotal())));
        });
    }
}
