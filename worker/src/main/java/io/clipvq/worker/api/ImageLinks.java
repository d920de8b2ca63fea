package io.clipvq.worker.api;

/** Links that let a reader without storage credentials fetch an image (presigned URLs in production). */
@FunctionalInterface
public interface ImageLinks {

    /** A URL that GETs the object at {@code objectKey} for a limited time. */
    String urlOf(String objectKey);
}
