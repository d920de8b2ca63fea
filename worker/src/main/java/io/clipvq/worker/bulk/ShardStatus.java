package io.clipvq.worker.bulk;

import java.util.Locale;

/** A shard's state in bulk_shards (stored lower-case). */
public enum ShardStatus {
    /** Row written; its message not yet confirmed by Kafka. */
    PENDING,
    PUBLISHED,
    RUNNING,
    COMPLETED,
    /** The job was cancelled before the shard started. */
    SKIPPED,
    /** The job was cancelled while the shard ran; the images written so far stay. */
    CANCELLED,
    FAILED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ShardStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** No worker will touch the shard again (unless a failed job is submitted again). */
    public boolean isTerminal() {
        return this == COMPLETED || this == SKIPPED || this == CANCELLED || this == FAILED;
    }
}
