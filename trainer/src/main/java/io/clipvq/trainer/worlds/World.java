package io.clipvq.trainer.worlds;


import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A world the trainer can learn: its captioned split (the only data the CLIP sees), its image-only split (the only
 * data the tokenizer and generator see) and how a trained CLIP is checked on held-out images of it. Worlds are
 * plug-ins found by {@link Worlds#byName}; the generic packages (clip, diffusion, eval) never name one.
 * docs/worlds.md describes the worlds.
 */
public interface World {
    /** The name options and bundles use ("shapes", "fashion-mnist"). */
    String name();

    /** The world's own trainer subcommands (picocli command objects: data dumps, prompt writers, its pipeline). */
    default List<Object> commands() {
        return List.of();
    }

    /** S, the side of the world's square images. */
    int imageSize();

    /** {@code count} captioned pairs for CLIP training, reproducible from {@code seed}. */
    List<CaptionedImage> captionedPairs(int count, long seed) throws Exception;

    /**
     * Zero-shot accuracy of a CLIP on held-out images of this world, by question group ("full/shape", "class", ...):
     * each question ranks candidate captions by cosine similarity with an image and is right when the top one names
     * what the image shows.
     */
    ZeroShotResult zeroShot(ClipEmbedder clip, int images, long seed) throws Exception;

    /**
     * The checker the eval command scores this world's generated images with, if the world has one; what it needs
     * (a trained classifier, say) is made on first use and kept under {@code cacheDir}.
     */
    default Optional<GeneratedImageCheck> generatedImageCheck(Path cacheDir) throws Exception {
        return Optional.empty();
    }

    /**
     * Writes this world's held-out evaluation prompts (JSONL, one {@code {"prompt": ...}} object per line, worded
     * unlike the training captions) to {@code file}, reproducible from {@code seed}.
     */
    void writeEvalPrompts(Path file, long seed) throws Exception;

    /**
     * Writes captions for the images of an image-only split folder (JSONL lines {@code {"image": file name,
     * "caption": text}}), for the paired upper bound of the ablations only: language-free training never reads them.
     */
    void writePairedCaptions(Path imageOnlySplit, Path file, long seed) throws Exception;

    /** Share of right answers per question group, over {@code images} held-out images. */
    record ZeroShotResult(int images, Map<String, Double> accuracy) {
        public double minimum() {
            return accuracy.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        public String summary() {
            StringBuilder line = new StringBuilder();
            accuracy.forEach((group, value) -> line.append(line.isEmpty() ? "" : " ")
                    .append(String.format(java.util.Locale.ROOT, "%s %.3f", group, value)));
            return line.toString();
        }
    }
}
