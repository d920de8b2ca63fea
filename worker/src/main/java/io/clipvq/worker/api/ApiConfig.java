package io.clipvq.worker.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The HTTP API's settings, under their own root {@code clipvq-api} (the worker's {@code clipvq} mapping refuses keys
 * it does not declare); application.properties maps each to its environment variable.
 */
@ConfigMapping(prefix = "clipvq-api")
public interface ApiConfig {

    /**
     * The bearer token of the write endpoints (CLIPVQ_API_TOKEN), and of the reads when {@link #readsNeedToken()}.
     * Absent or empty: every write is refused.
     */
    Optional<String> token();

    /** Whether the read endpoints need the token too (CLIPVQ_API_READS_NEED_TOKEN). */
    @WithDefault("false")
    boolean readsNeedToken();

    /** How long a presigned image URL in a job's view stays valid, in seconds (1 to 604800). */
    @WithDefault("900")
    int imageUrlExpiryS();

    /**
     * The storage endpoint that the API's readers (browsers) reach, for signing image URLs
     * (CLIPVQ_STORAGE_PUBLIC_ENDPOINT); absent: the worker's own storage endpoint.
     */
    Optional<String> publicStorageEndpoint();

    /** How long a submit or cancel waits for the broker's acknowledgement before it answers 503. */
    @WithDefault("10000")
    long publishTimeoutMs();

    /** Events held for one slow event-stream client before its stream is ended (it reconnects and reloads). */
    @WithDefault("256")
    int eventBuffer();
}
