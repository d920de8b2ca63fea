package io.clipvq.worker.bulk;

import io.clipvq.contracts.job.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Feeds the bulk topic names and consumer groups of {@link Topics} into the messaging configuration (as the
 * worker's TopicsConfigSource does for the job topics), so they are written once, in api-contracts.
 */
public class BulkTopicsConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming.bulk-requests.topic", Topics.BULK_REQUESTS,
            "mp.messaging.incoming.bulk-requests.group.id", Topics.WORKER_BULK_GROUP,
            "mp.messaging.incoming.bulk-requests.dead-letter-queue.topic", Topics.BULK_REQUESTS_DEAD_LETTER,
            "mp.messaging.incoming.bulk-shards.topic", Topics.BULK_SHARDS,
            "mp.messaging.incoming.bulk-shards.group.id", Topics.WORKER_SHARD_GROUP,
            "mp.messaging.incoming.bulk-shards.dead-letter-queue.topic", Topics.BULK_SHARDS_DEAD_LETTER,
            "mp.messaging.outgoing.bulk-shards-out.topic", Topics.BULK_SHARDS,
            "mp.messaging.outgoing.bulk-progress.topic", Topics.BULK_PROGRESS);

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
        return "clipvq-bulk-topics";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
