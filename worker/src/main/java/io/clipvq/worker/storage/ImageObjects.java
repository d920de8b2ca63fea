package io.clipvq.worker.storage;

import java.util.Map;

/** Where image PNGs are written (the S3 bucket in production). */
public interface ImageObjects {

    /** Writes a PNG; writing the same key again replaces it (keys are deterministic, so that is a rewrite). */
    void putPng(String key, byte[] png, Map<String, String> metadata);
}
