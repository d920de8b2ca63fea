package io.clipvq.worker.storage;

import io.clipvq.engine.GeneratedImage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way a generated image reaches storage, for every kind of job: its PNG under its deterministic key, with
 * metadata that says what it is (where it belongs in its job, the winning candidate, its seed, CLIP score, sha256
 * of the bytes and the model). Callers record the image's row only after {@link #store} returns, so a row always
 * points at an object; a crash between the two leaves an object without a row, which the re-run overwrites with the
 * same bytes.
 */
@ApplicationScoped
public class ImageWriter {

    private final ImageObjects objects;

    public ImageWriter(ImageObjects objects) {
        this.objects = objects;
    }

    /**
     * @param placement where the image belongs in its job (job-id, prompt-index, rank or image-index, ...), first
     *                  in the metadata
     * @param model     name:version of the model that drew it
     * @return the sha256 of the stored bytes
     */
    public String store(String key, GeneratedImage image, Map<String, String> placement, String model) {
        Map<String, String> metadata = new LinkedHashMap<>(placement);
        metadata.put("candidate-index", Integer.toString(image.candidateIndex()));
        metadata.put("seed", Long.toString(image.seed()));
        metadata.put("clip-score", Double.toString(image.clipScore()));
        metadata.put("sha256", image.sha256());
        metadata.put("model", model);
        objects.putPng(key, image.png(), metadata);
        return image.sha256();
    }
}
