package io.clipvq.trainer.clip;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.graphs.ClipImageGraph;
import io.clipvq.modelbuild.graphs.ClipConvImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageTowerSpec;
import io.clipvq.modelbuild.graphs.ClipTextGraph;
import io.clipvq.modelbuild.graphs.ClipTextSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a trained CLIP as the bundle's two ONNX files, through model-build's graph builders (the project's one
 * ONNX writer), plus {@value #SPEC_FILE}: the tower sizes and the image preprocessing the towers were trained
 * with, which a bundle's manifest must carry, and what the run measured.
 */
public final class ClipExport {
    public static final String SPEC_FILE = "clip-spec.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(ClipImageTowerSpec.class, ImageTowerJson.class);

    /**
     * The image tower is read back by the fields it has (a ViT has patchSize, a CNN has stages), so spec files
     * carry no type tag and those written before the CNN existed still read as ViTs.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
    @JsonSubTypes({@JsonSubTypes.Type(ClipImageSpec.class), @JsonSubTypes.Type(ClipConvImageSpec.class)})
    private interface ImageTowerJson {
    }

    /**
     * The contents of {@value #SPEC_FILE}.
     *
     * @param clip       the preprocessing for a bundle manifest's {@code clip} field
     * @param logitScale the learned log inverse temperature (not part of the graphs)
     * @param training   free-form facts about the run (options, steps, wall time, final loss, zero-shot accuracy)
     */
    public record Spec(ClipTextSpec text, ClipImageTowerSpec image, BundleManifest.ClipPreprocessing clip, double logitScale,
                       Map<String, Object> training) {
    }

    private ClipExport() {
    }

    /** Writes clip_text.onnx, clip_image.onnx and the spec file into {@code directory} (created if needed). */
    public static void write(Path directory, Spec spec, Map<String, float[]> weights) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(BundleSignatures.CLIP_TEXT), ClipTextGraph.build(spec.text(), weights));
        Files.write(directory.resolve(BundleSignatures.CLIP_IMAGE), ClipImageGraph.build(spec.image(), weights));
        JSON.writeValue(directory.resolve(SPEC_FILE).toFile(), spec);
    }

    public static Spec readSpec(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("CLIP spec file " + file + " does not exist");
        }
        return JSON.readValue(file.toFile(), Spec.class);
    }
}
