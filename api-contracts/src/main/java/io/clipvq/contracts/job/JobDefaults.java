package io.clipvq.contracts.job;

/**
 * Defaults and limits of a job request. The JSON Schema files state the same numbers; JobSchemasTest checks
 * that they agree, so this class stays the one place to change them.
 */
public final class JobDefaults {
    private JobDefaults() {
    }

    public static final int SCHEMA_VERSION = 1;

    public static final int DEFAULT_CANDIDATES_PER_PROMPT = 16;
    public static final int MIN_CANDIDATES_PER_PROMPT = 1;
    public static final int MAX_CANDIDATES_PER_PROMPT = 64;

    public static final int DEFAULT_KEEP_PER_PROMPT = 1;

    /** A single job stays small; bulk synthesis comes as its own request type and is split into shards. */
    public static final int MAX_PROMPTS = 1024;
    public static final int MAX_PROMPT_LENGTH = 1000;

    public static final int MIN_STEPS = 1;
    public static final int MAX_STEPS = 1000;
    public static final double MAX_GUIDANCE_SCALE = 100.0;
    /** Largest accepted pseudo-text noise alpha at sampling (beyond 2 the noise outweighs the prompt). */
    public static final double MAX_CONDITION_NOISE = 2.0;
    /** Upper bound of a job's score margin: two cosines never lie further apart. */
    public static final double MAX_SCORE_MARGIN = 2.0;

    public static final String DEFAULT_OUTPUT_PREFIX = "jobs";

    public static final int MAX_JOB_ID_LENGTH = 128;
    public static final int MAX_OUTPUT_PREFIX_LENGTH = 512;
    public static final int MAX_MODEL_FIELD_LENGTH = 128;
    public static final int MAX_REASON_LENGTH = 2000;
}
