package io.clipvq.worker.api;

import io.clipvq.contracts.job.JobJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every job event on the events topic, for the clients of GET /api/events. The channel api-job-events reads the
 * topic in a consumer group of its own per worker process (so every worker sees every event), from the end, without
 * committing. Each event is passed on as the JSON that arrived, to every client connected at that moment; a client
 * that falls {@code bufferSize} events behind has its stream ended (it reconnects and reloads) instead of being
 * buffered without bound.
 */
@ApplicationScoped
public class JobEventBroadcast {
    private static final Logger LOG = Logger.getLogger(JobEventBroadcast.class);

    private final BroadcastProcessor<String> events = BroadcastProcessor.create();
    private final int bufferSize;

    @Inject
    JobEventBroadcast(ApiConfig config) {
        this(config.eventBuffer());
    }

    public JobEventBroadcast(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalStateException("clipvq-api.event-buffer (CLIPVQ_API_EVENT_BUFFER) must be at least 1, got "
                    + bufferSize);
        }
        this.bufferSize = bufferSize;
    }

    /** Takes one record of the events topic; what is not a job event is dropped, not passed on to browsers. */
    @Incoming("api-job-events")
    public synchronized void receive(String payload) {
        try {
            JobJson.parseEvent(payload);
        } catch (RuntimeException e) {
            LOG.debugf("not passing on a record of the events topic that is not a job event: %s", e.getMessage());
            return;
        }
        events.onNext(payload);
    }

    /** The events that arrive from now on, each as its JSON text. */
    public Multi<String> subscribe() {
        return events.onOverflow().buffer(bufferSize);
    }
}
