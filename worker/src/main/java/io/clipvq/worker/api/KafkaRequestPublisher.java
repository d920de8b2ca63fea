package io.clipvq.worker.api;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * {@link RequestPublisher} on the outgoing channels api-job-requests and api-job-control (acks=all; topics from
 * TopicsConfigSource). A send waits for the broker's acknowledgement for at most clipvq-api.publish-timeout-ms, so an
 * HTTP answer never waits long on a broker that is away; after that the client is told 503, and sending the same
 * request again is safe (the job id is the idempotency key).
 */
@ApplicationScoped
public class KafkaRequestPublisher implements RequestPublisher {
    private static final Logger LOG = Logger.getLogger(KafkaRequestPublisher.class);

    private final MutinyEmitter<Record<String, String>> requests;
    private final MutinyEmitter<Record<String, String>> control;
    private final Duration timeout;

    @Inject
    KafkaRequestPublisher(@Channel("api-job-requests") MutinyEmitter<Record<String, String>> requests,
                          @Channel("api-job-control") MutinyEmitter<Record<String, String>> control, ApiConfig config) {
        this.requests = requests;
        this.control = control;
        this.timeout = Duration.ofMillis(config.publishTimeoutMs());
    }

    @Override
    public void publishRequest(String jobId, String json) {
        send(requests, jobId, json, "job request");
    }

    @Override
    public void publishCancel(String jobId, String json) {
        send(control, jobId, json, "cancel");
    }

    private void send(MutinyEmitter<Record<String, String>> emitter, String jobId, String json, String what) {
        try {
            emitter.send(Record.of(jobId, json)).await().atMost(timeout);
        } catch (RuntimeException e) {
            LOG.warnf(e, "the broker did not take the %s of job %s", what, jobId);
            throw new ApiException(503, ApiError.of("the broker did not acknowledge the " + what + " within "
                    + timeout.toMillis() / 1000.0 + " s; sending the same request again is safe"));
        }
    }
}
