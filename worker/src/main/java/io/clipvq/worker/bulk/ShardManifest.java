package io.clipvq.worker.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A shard manifest: JSONL, one {@link ManifestEntry} per image in image order (imageIndex, objectKey, prompt,
 * promptIndex, repeat, seed, candidateIndex, candidateSeed, clipScore, sha256, width, height).
 */
public final class ShardManifest {

    public static final String CONTENT_TYPE = "application/x-ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int lines;

    public void add(ManifestEntry entry) {
        try {
            bytes.writeBytes(JSON.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write manifest entry of image " + entry.imageIndex(), e);
        }
        bytes.write('\n');
        lines++;
    }

    public int lines() {
        return lines;
    }

    public byte[] toBytes() {
        return bytes.toByteArray();
    }

    public static ManifestEntry parseLine(String line) {
        try {
            return JSON.readValue(line, ManifestEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a manifest line: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
