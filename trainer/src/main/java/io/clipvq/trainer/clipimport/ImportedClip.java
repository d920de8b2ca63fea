package io.clipvq.trainer.clipimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.contracts.bundle.BundleManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A pretrained CLIP imported for the bundle: the folder `trainer import-clip` writes, which `build-bundle --clip`
 * takes. It holds clip_text.onnx and clip_image.onnx in the bundle's signatures, the tokenizer's merge list under the
 * bundle's name, and this record as clip.json: the embedding size, the preprocessing the image tower expects, where
 * each file came from, and every file's sha256.
 *
 * @param sources file name in this folder to the path it was imported from
 * @param files   file name in this folder to its lowercase sha256
 */
public record ImportedClip(int formatVersion, int clipDim, BundleManifest.ClipPreprocessing clip,
                           Map<String, String> sources, Map<String, String> files) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "clip.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE), JSON.writeValueAsString(this) + "\n");
    }

    /** Refuses a folder whose files are not the ones clip.json records (changed or replaced since the import). */
    public void verify(Path folder) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("imported CLIP " + folder + ": " + file.getKey() + " is missing");
            }
            String actual = io.clipvq.engine.bundle.Sha256.of(path);
            if (!actual.equals(file.getValue())) {
                throw new IllegalArgumentException("imported CLIP " + folder + ": " + file.getKey() + " has sha256 "
                        + actual + ", " + FILE + " says " + file.getValue() + " (changed since the import)");
            }
        }
    }

    public static ImportedClip read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " is not an imported CLIP: " + FILE + " is missing "
                    + "(trainer import-clip writes it)");
        }
        ImportedClip clip = JSON.readValue(file.toFile(), ImportedClip.class);
        if (clip.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException(file + ": formatVersion " + clip.formatVersion() + ", expected "
                    + FORMAT_VERSION);
        }
        return clip;
    }
}
