package io.clipvq.contracts.bulk;

/**
 * One shard of a bulk job (schema: /schemas/shard-message.schema.json), on topic
 * {@link io.clipvq.contracts.job.Topics#BULK_SHARDS} keyed by {@link #key()} ({@code jobId:shardIndex}), so the
 * shards of one job spread over all partitions and any worker pod can take any shard. The shard is the
 * contiguous range of image indices {@code [firstImage, firstImage + imageCount)}.
 */
public record ShardMessage(int schemaVersion, String jobId, int shardIndex, long firstImage, int imageCount) {

    public static ShardMessage of(String jobId, ShardRange range) {
        return new ShardMessage(BulkDefaults.SCHEMA_VERSION, jobId, range.shardIndex(), range.firstImage(),
                range.imageCount());
    }

    public ShardRange range() {
        return new ShardRange(shardIndex, firstImage, imageCount);
    }

    /** The Kafka key of this shard's message. */
    public String key() {
        return key(jobId, shardIndex);
    }

    public static String key(String jobId, int shardIndex) {
        return jobId + ":" + shardIndex;
    }
}
