package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.ShardMessage;

import java.util.List;

/** Puts shard messages on Kafka; returns only when the broker has acknowledged every one of them. */
public interface ShardPublisher {
    void publishAll(List<ShardMessage> shards);
}
