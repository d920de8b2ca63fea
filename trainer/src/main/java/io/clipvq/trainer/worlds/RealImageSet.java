package io.clipvq.trainer.worlds;

import java.util.Locale;

/**
 * Which real images of a world the eval's Frechet distance compares generated images with: a world's
 * {@link GeneratedImageCheck#realImages} draws {@code count} images of {@code split}, reproducibly from {@code seed}.
 *
 * <p>Default split: captioned. For Shapes (docs/worlds.md#shapes-inside-rules): the eval prompt set (shapes-prompts)
 * asks for all 24 colour-shape pairs evenly, the left-out ones included, and the captioned split draws its scenes uniformly over all of them; so its images are the
 * distribution the prompts ask for. The image-only split lacks the left-out pairs and would count a correctly drawn
 * purple triangle as a departure from the real images. Only the images are used, never the captions (except as
 * labels in the grid). {@link Split#IMAGE_ONLY} measures closeness to the generator's own training distribution.
 *
 * @param split which split's scenes
 * @param count how many images (at least 2: a covariance needs two)
 * @param seed  the dataset seed
 */
public record RealImageSet(Split split, int count, long seed) {

    public enum Split {
        CAPTIONED, IMAGE_ONLY;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** "captioned" or "image-only". */
        public static Split parse(String text) {
            for (Split split : values()) {
                if (split.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return split;
                }
            }
            throw new IllegalArgumentException("unknown real-image split '" + text + "' (captioned or image-only)");
        }
    }

    /** One real image and a label for the grid. */
    public record RealImage(byte[] png, String label) {
    }

    public RealImageSet {
        if (split == null) {
            throw new IllegalArgumentException("split is required");
        }
        if (count < 2) {
            throw new IllegalArgumentException("real-images must be at least 2 (a covariance needs two), got " + count);
        }
    }
}
