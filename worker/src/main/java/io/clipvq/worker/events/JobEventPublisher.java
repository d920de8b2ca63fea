package io.clipvq.worker.events;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Sends job events to Kafka keyed by job id (so a job's events stay in order). Called from generation threads;
 * each send waits for the broker's acknowledgement so that "completed" is never visible before the images' events.
 * While the broker is away the send waits (the producer retries, idempotently) for up to
 * {@code clipvq-events.delivery-timeout-ms}, so a broker outage shorter than that delays a job instead of failing it.
 */
@ApplicationScoped
public class JobEventPublisher implements JobEvents {
    private static final Logger LOG = Logger.getLogger(JobEventPublisher.class);
    private final MutinyEmitter<Record<String, String>> emitter;
    private final Duration sendTimeout;

    JobEventPublisher(@Channel("job-events") MutinyEmitter<Record<String, String>> emitter,
                      @ConfigProperty(name = "clipvq-events.delivery-timeout-ms", defaultValue = "300000")
                      long deliveryTimeoutMillis) {
        this.emitter = emitter;
        // the producer gives up after its delivery timeout; wait a little longer so its own error is the one seen
        this.sendTimeout = Duration.ofMillis(deliveryTimeoutMillis).plusSeconds(10);
    }

    @Override
    public void publish(JobEvent event) {
        emitter.send(Record.of(event.jobId(), JobJson.toJson(event))).await().atMost(sendTimeout);
        LOG.debugf("event %s %s", event.type().wireName(), event.jobId());
    }
}
