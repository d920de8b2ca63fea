package io.clipvq.worker.storage;

import io.clipvq.engine.GeneratedImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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
 * <p>Because a write is idempotent (same key, same bytes), a write the storage refuses is tried again, waiting
 * 0.25 s doubling to 5 s, for up to {@code clipvq-storage.write-retry-ms}: a storage outage shorter than that delays
 * the job instead of failing it. After that the write fails with a reason saying how long storage refused.
 */
@ApplicationScoped
public class ImageWriter {
    private static final Logger LOG = Logger.getLogger(ImageWriter.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    /** Waits between attempts (a test passes one that does not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ImageObjects objects;
    private final Duration retryFor;
    private final Sleeper sleeper;

    @Inject
    ImageWriter(ImageObjects objects,
                @ConfigProperty(name = "clipvq-storage.write-retry-ms", defaultValue = "300000") long retryMillis) {
        this(objects, Duration.ofMillis(retryMillis), duration -> Thread.sleep(duration.toMillis()));
    }

    /** A writer that does not retry. */
    public ImageWriter(ImageObjects objects) {
        this(objects, Duration.ZERO, duration -> { });
    }

    public ImageWriter(ImageObjects objects, Duration retryFor, Sleeper sleeper) {
        this.objects = objects;
        this.retryFor = retryFor;
        this.sleeper = sleeper;
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
        put(key, image.png(), metadata);
        return image.sha256();
    }

    private void put(String key, byte[] png, Map<String, String> metadata) {
        Duration waited = Duration.ZERO;
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                objects.putPng(key, png, metadata);
                if (!waited.isZero()) {
                    LOG.infof("storage took %s again after %d s", key, waited.toSeconds());
                }
                return;
            } catch (StorageException e) {
                if (waited.plus(wait).compareTo(retryFor) > 0) {
                    throw new StorageException(waited.isZero() ? e.getMessage()
                            : "object storage refused writes for " + waited.toSeconds() + " s: " + e.getMessage(), e);
                }
                LOG.warnf("storage refused %s (%s); trying again in %d ms", key, e.getMessage(), wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waited = waited.plus(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
