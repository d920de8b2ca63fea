package io.clipvq.worker.storage;

import io.clipvq.engine.GeneratedImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way a generated image reaches storage, for every kind of job: its PNG under its deterministic key, with
 * metadata that says what it is (where it belongs in its job, the winning candidate, its seed, CLIP score, sha256
 * of the bytes and the model). Callers record the image's row only after {@link #store} returns, so a row always
 * points at an object; a crash between the two leaves an object without a row, which the re-run overwrites with the
 * same bytes.
 *
 * <p>Because a write is idempotent (same key, same bytes), a write the storage refuses is tried again
 * ({@link StorageRetry}) for up to {@code clipvq-storage.write-retry-ms}: a storage outage shorter than that delays
 * the job instead of failing it.
 */
@ApplicationScoped
public class ImageWriter {

    private final ImageObjects objects;
    private final StorageRetry retry;

    @Inject
    ImageWriter(ImageObjects objects,
                @ConfigProperty(name = "clipvq-storage.write-retry-ms", defaultValue = "300000") long retryMillis) {
        this(objects, StorageRetry.upTo(Duration.ofMillis(retryMillis)));
    }

    /** A writer that does not retry. */
    public ImageWriter(ImageObjects objects) {
        this(objects, StorageRetry.none());
    }

    public ImageWriter(ImageObjects objects, StorageRetry retry) {
        this.objects = objects;
        this.retry = retry;
    }

    /**
     * @param placement where the image belongs in its job (job-id, prompt-index, rank or image-index, ...), first
     *                  in the metadata
     * @param model     name:version of the model that drew it
     * @return the sha256 of the stored bytes
     * @throws StorageException when the storage refused the write for longer than the retry time
     */
    public String store(String key, GeneratedImage image, Map<String, String> placement, String model) {
        Map<String, String> metadata = new LinkedHashMap<>(placement);
        metadata.put("candidate-index", Integer.toString(image.candidateIndex()));
        metadata.put("seed", Long.toString(image.seed()));
        metadata.put("clip-score", Double.toString(image.clipScore()));
        metadata.put("sha256", image.sha256());
        metadata.put("model", model);
        retry.write(key, () -> objects.putPng(key, image.png(), metadata));
        return image.sha256();
    }
}
