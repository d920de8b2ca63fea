package io.clipvq.worker.config;

import io.clipvq.contracts.job.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Feeds the topic names and consumer groups of {@link Topics}, for the job and the bulk channels alike, into the
 * messaging configuration, so that they are written once (in api-contracts) and not repeated in
 * application.properties. The ordinal is low: an application.properties entry or an environment variable still
 * overrides a name for one deployment.
 */
public class TopicsConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.ofEntries(
            // job path
            Map.entry("mp.messaging.incoming.job-requests.topic", Topics.JOB_REQUESTS),
            Map.entry("mp.messaging.incoming.job-requests.group.id", Topics.WORKER_GROUP),
            Map.entry("mp.messaging.incoming.job-requests.dead-letter-queue.topic", Topics.JOB_REQUESTS_DEAD_LETTER),
            Map.entry("mp.messaging.incoming.job-arrivals.topic", Topics.JOB_REQUESTS),
            Map.entry("mp.messaging.incoming.job-arrivals.group.id", Topics.REGISTRAR_GROUP),
            Map.entry("mp.messaging.incoming.bulk-arrivals.topic", Topics.BULK_REQUESTS),
            Map.entry("mp.messaging.incoming.bulk-arrivals.group.id", Topics.BULK_REGISTRAR_GROUP),
            Map.entry("mp.messaging.incoming.job-control.topic", Topics.JOB_CONTROL),
            Map.entry("mp.messaging.incoming.job-control.group.id", Topics.WORKER_CONTROL_GROUP),
            Map.entry("mp.messaging.outgoing.job-events.topic", Topics.JOB_EVENTS),
            // HTTP API: submits and cancels go where the CLI puts them; the event stream reads every job event
            Map.entry("mp.messaging.outgoing.api-job-requests.topic", Topics.JOB_REQUESTS),
            Map.entry("mp.messaging.outgoing.api-job-control.topic", Topics.JOB_CONTROL),
            Map.entry("mp.messaging.incoming.api-job-events.topic", Topics.JOB_EVENTS),
            // bulk path: the planner reads requests and writes shards, the shard consumers read them
            Map.entry("mp.messaging.incoming.bulk-requests.topic", Topics.BULK_REQUESTS),
            Map.entry("mp.messaging.incoming.bulk-requests.group.id", Topics.WORKER_BULK_GROUP),
            Map.entry("mp.messaging.incoming.bulk-requests.dead-letter-queue.topic", Topics.BULK_REQUESTS_DEAD_LETTER),
            Map.entry("mp.messaging.incoming.bulk-shards.topic", Topics.BULK_SHARDS),
            Map.entry("mp.messaging.incoming.bulk-shards.group.id", Topics.WORKER_SHARD_GROUP),
            Map.entry("mp.messaging.incoming.bulk-shards.dead-letter-queue.topic", Topics.BULK_SHARDS_DEAD_LETTER),
            Map.entry("mp.messaging.outgoing.bulk-shards-out.topic", Topics.BULK_SHARDS),
            Map.entry("mp.messaging.outgoing.bulk-progress.topic", Topics.BULK_PROGRESS));

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
