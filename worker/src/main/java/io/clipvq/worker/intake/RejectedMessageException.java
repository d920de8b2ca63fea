package io.clipvq.worker.intake;

/** Nacks a request record; its message, one plain line, becomes the record's dead-letter reason. */
public class RejectedMessageException extends RuntimeException {
    public RejectedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
