package io.clipvq.worker.api;

/**
 * Where the API hands requests over: the same topics, keys and JSON that {@code clipvq submit} and
 * {@code clipvq cancel} use. Each call returns once the broker has acknowledged the message.
 */
public interface RequestPublisher {

    /** @param json a job request's canonical JSON, published on Topics.JOB_REQUESTS keyed by its job id */
    void publishRequest(String jobId, String json);

    /** @param json a cancel request's JSON, published on Topics.JOB_CONTROL keyed by its job id */
    void publishCancel(String jobId, String json);
}
