package io.clipvq.worker.bulk;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * The bulk job's objects that are not images: prompt files read, manifests and tar shards written, images read
 * back for a tar. Images themselves go through the worker's ImageWriter.
 */
public interface BulkObjects {

    String bucket();

    /** Opens an object for reading; the caller closes the stream. */
    InputStream open(String key);

    byte[] read(String key);

    void put(String key, byte[] bytes, String contentType);

    void putFile(String key, Path file, String contentType);
}
