package io.clipvq.contracts.bulk;

/**
 * Defaults and limits of a bulk synthesis request. The JSON Schema files state the same numbers; BulkSchemasTest
 * checks that they agree, so this class stays the one place to change them.
 */
public final class BulkDefaults {
    private BulkDefaults() {
    }

    public static final int SCHEMA_VERSION = 1;

    public static final int DEFAULT_CANDIDATES_PER_IMAGE = 16;
    public static final int MIN_CANDIDATES_PER_IMAGE = 1;
    public static final int MAX_CANDIDATES_PER_IMAGE = 64;

    public static final int DEFAULT_IMAGES_PER_PROMPT = 1;
    public static final int MAX_IMAGES_PER_PROMPT = 10_000_000;

    /** Inline prompts travel in the message; bigger prompt lists go in a bucket object ({@code promptsObject}). */
    public static final int MAX_INLINE_PROMPTS = 10_000;
    /** Prompts read from a bucket object (text lines or JSONL records). */
    public static final int MAX_OBJECT_PROMPTS = 10_000_000;

    public static final int DEFAULT_SHARD_SIZE = 500;
    public static final int MIN_SHARD_SIZE = 1;
    public static final int MAX_SHARD_SIZE = 10_000;

    /** The jobs table counts images in a 32-bit column; a job larger than this is refused when planned. */
    public static final long MAX_TOTAL_IMAGES = Integer.MAX_VALUE;
    /** Keeps the shard table and the final job manifest of one job bounded. */
    public static final long MAX_SHARDS = 1_000_000;

    public static final String DEFAULT_OUTPUT_PREFIX = "bulk";
    public static final int MAX_PROMPTS_OBJECT_LENGTH = 1024;
}
