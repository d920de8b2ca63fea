package io.clipvq.contracts.job;

/**
 * Kafka topic names and the header names that travel with them, defined once for the worker, the CLI and the
 * tests. Every message on these topics is keyed by its job id so that all messages of a job land in the same
 * partition and keep their order.
 */
public final class Topics {
    private Topics() {
    }

    /** {@link JobRequest} messages (JSON), key = job id. */
    public static final String JOB_REQUESTS = "clipvq.job-requests";

    /** {@link JobEvent} messages (JSON), key = job id. */
    public static final String JOB_EVENTS = "clipvq.job-events";

    /** {@link CancelRequest} messages (JSON), key = job id. */
    public static final String JOB_CONTROL = "clipvq.job-control";

    /** Job requests that can never be processed; the original bytes with the reason in a header. */
    public static final String JOB_REQUESTS_DEAD_LETTER = "clipvq.job-requests.dlq";

    /** Header on a dead-lettered record that says why it was refused (UTF-8 text). */
    public static final String DEAD_LETTER_REASON_HEADER = "dead-letter-reason";

    /** The consumer group shared by all worker pods for job requests. */
    public static final String WORKER_GROUP = "clipvq-worker";

    /** The consumer group of the workers for the control topic (cancel state is kept in the database). */
    /**
     * Consumer groups that only record arrivals: every job and bulk request gets its queued row and accepted event
     * as it arrives, however long the working groups' backlog.
     */
    public static final String REGISTRAR_GROUP = "clipvq-registrar";
    public static final String BULK_REGISTRAR_GROUP = "clipvq-registrar-bulk";

    public static final String WORKER_CONTROL_GROUP = "clipvq-worker-control";

    /** {@link io.clipvq.contracts.bulk.BulkRequest} messages (JSON), key = job id. */
    public static final String BULK_REQUESTS = "clipvq.bulk-requests";

    /** Bulk requests that can never be planned; the original bytes with the reason in a header. */
    public static final String BULK_REQUESTS_DEAD_LETTER = "clipvq.bulk-requests.dlq";

    /**
     * {@link io.clipvq.contracts.bulk.ShardMessage} messages (JSON), key = {@code jobId:shardIndex} (not the job
     * id: the shards of one job spread over the partitions so that every worker pod takes some).
     */
    public static final String BULK_SHARDS = "clipvq.bulk-shards";

    /** Shard messages that can never be run (malformed, or a shard whose run failed); reason in a header. */
    public static final String BULK_SHARDS_DEAD_LETTER = "clipvq.bulk-shards.dlq";

    /** {@link io.clipvq.contracts.bulk.BulkProgressEvent} messages (JSON), key = job id. */
    public static final String BULK_PROGRESS = "clipvq.bulk-progress";

    /** The consumer group of the workers for bulk requests (planning). */
    public static final String WORKER_BULK_GROUP = "clipvq-worker-bulk";

    /** The consumer group of the workers for shards (generation). */
    public static final String WORKER_SHARD_GROUP = "clipvq-worker-shards";
}
