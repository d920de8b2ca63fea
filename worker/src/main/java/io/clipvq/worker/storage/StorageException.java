package io.clipvq.worker.storage;

/** Object storage refused or could not be reached; the message names the bucket and the key. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
