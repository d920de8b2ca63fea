package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.ShardRange;

import java.util.Iterator;
import java.util.List;

/** Where the planner records a job's shards and which of them Kafka has confirmed (bulk_shards in production). */
public interface ShardLedger {

    /** Writes a row for every shard, all or none; rows that exist already are left as they are. */
    void insertShards(String jobId, Iterator<ShardRange> shards);

    /** Up to {@code limit} shards not yet confirmed published, with index greater than {@code afterShard}, in order. */
    List<ShardRange> unpublished(String jobId, int afterShard, int limit);

    /** Records that the broker has acknowledged these shards' messages. */
    void markPublished(String jobId, List<ShardRange> shards);
}
