package io.clipvq.worker.api;

/**
 * What the API answers a request before it reaches a resource: go on, or an HTTP status with one plain sentence.
 *
 * @param status 0 when the request may go on
 */
public record AccessDecision(int status, String error) {

    public static final AccessDecision ALLOWED = new AccessDecision(0, null);

    public boolean allowed() {
        return status == 0;
    }
}
