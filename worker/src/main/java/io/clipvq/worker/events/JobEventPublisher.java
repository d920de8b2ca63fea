package io.clipvq.worker.events;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Sends job events to Kafka keyed by job id (so a job's events stay in order). Called from generation threads;
 * each send waits for the broker's acknowledgement so that "completed" is never visible before the images' events.
 */
@ApplicationScoped
public class JobEventPublisher implements JobEvents {
    private static final Logger LOG = Logger.getLogger(JobEventPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<Record<String, String>> emitter;

    JobEventPublisher(@Channel("job-events") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publish(JobEvent event) {
        emitter.send(Record.of(event.jobId(), JobJson.toJson(event))).await().atMost(SEND_TIMEOUT);
        LOG.debugf("event %s %s", event.type().wireName(), event.jobId());
    }
}
