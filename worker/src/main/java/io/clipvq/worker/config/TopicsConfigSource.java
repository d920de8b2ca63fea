package io.clipvq.worker.config;

import io.clipvq.contracts.job.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Feeds the topic names and consumer groups of {@link Topics} into the messaging configuration, so that they are
 * written once (in api-contracts) and not repeated in application.properties. The ordinal is low: an
 * application.properties entry or an environment variable still overrides a name for one deployment.
 */
public class TopicsConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming.job-requests.topic", Topics.JOB_REQUESTS,
            "mp.messaging.incoming.job-requests.group.id", Topics.WORKER_GROUP,
            "mp.messaging.incoming.job-requests.dead-letter-queue.topic", Topics.JOB_REQUESTS_DEAD_LETTER,
            "mp.messaging.incoming.job-control.topic", Topics.JOB_CONTROL,
            "mp.messaging.incoming.job-control.group.id", Topics.WORKER_CONTROL_GROUP,
            "mp.messaging.outgoing.job-events.topic", Topics.JOB_EVENTS);

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "clipvq-topics";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
