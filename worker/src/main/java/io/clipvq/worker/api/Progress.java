package io.clipvq.worker.api;

/**
 * How far a job is.
 *
 * @param expected null while unknown (a bulk job not yet planned)
 */
public record Progress(int done, Integer expected) {
}
