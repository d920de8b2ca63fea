package io.clipvq.contracts.bulk;

/**
 * The images of one shard: indices {@code [firstImage, firstImage + imageCount)}.
 */
public record ShardRange(int shardIndex, long firstImage, int imageCount) {

    /** One past the last image index of the shard. */
    public long endImage() {
        return firstImage + imageCount;
    }
}
