package io.clipvq.contracts.bulk;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * How a bulk job of {@code totalImages} images splits into shards of {@code shardSize} contiguous image indices
 * (the last shard may be shorter). Pure arithmetic: nothing per image or per shard is held, so a plan of any size
 * costs the same memory.
 */
public record ShardPlan(long totalImages, int shardSize) {

    public ShardPlan {
        if (totalImages < 1) {
            throw new IllegalArgumentException("totalImages must be at least 1, got " + totalImages);
        }
        if (shardSize < 1) {
            throw new IllegalArgumentException("shardSize must be at least 1, got " + shardSize);
        }
        if (ceilDiv(totalImages, shardSize) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(totalImages + " images in shards of " + shardSize
                    + " make more shards than an int can count");
        }
    }

    public int shardCount() {
        return (int) ceilDiv(totalImages, shardSize);
    }

    public ShardRange shard(int shardIndex) {
        if (shardIndex < 0 || shardIndex >= shardCount()) {
            throw new IndexOutOfBoundsException("shard " + shardIndex + " of " + shardCount());
        }
        long first = (long) shardIndex * shardSize;
        return new ShardRange(shardIndex, first, (int) Math.min(shardSize, totalImages - first));
    }

    /** The shard that holds image {@code imageIndex}. */
    public int shardOf(long imageIndex) {
        return (int) (imageIndex / shardSize);
    }

    /** Shards {@code from..shardCount-1}, produced one at a time. */
    public Iterator<ShardRange> shardsFrom(int from) {
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < shardCount();
            }

            @Override
            public ShardRange next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return shard(next++);
            }
        };
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
