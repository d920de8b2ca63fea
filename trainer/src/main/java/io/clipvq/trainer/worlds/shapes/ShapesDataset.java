package io.clipvq.trainer.worlds.shapes;

import io.clipvq.contracts.Seeds;
import io.clipvq.trainer.worlds.CaptionedImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The two splits of docs/worlds.md#shapes-splits, generated deterministically from a seed: scene i of a split depends
 * only on (seed, split, i), so any prefix of a larger split equals the smaller split.
 * <ul>
 *   <li>captioned pairs: every composition, each scene with a caption (for the world's CLIP);</li>
 *   <li>image-only: every composition except the left-out ones (default: purple triangles and orange crosses), for
 *   the VQ tokenizer and the diffusion decoder.</li>
 * </ul>
 */
public final class ShapesDataset {

    /** One image of the captioned split. */
    public record CaptionedScene(int index, ShapeScene scene, String caption) implements CaptionedImage {
        /** The scene drawn afresh (a 32 x 32 scene is cheaper to redraw than to keep as floats). */
        @Override
        public float[] chw() {
            return ShapesRenderer.render(scene).toChw();
        }
    }

    private static final long CAPTIONED_SPLIT = 1;
    private static final long IMAGE_ONLY_SPLIT = 2;
    private static final long CAPTION_STREAM = 1;
    private static final int MAX_REDRAWS = 10_000;

    private final long seed;
    private final Set<Composition> leftOut;
    private final CaptionWriter captionWriter;

    private ShapesDataset(Builder builder) {
        this.seed = builder.seed;
        this.leftOut = Set.copyOf(builder.leftOut);
        this.captionWriter = builder.captionWriter;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<Composition> leftOut() {
        return leftOut;
    }

    /** The first {@code count} captioned pairs. */
    public List<CaptionedScene> captioned(int count) {
        checkCount(count);
        List<CaptionedScene> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long sceneSeed = Seeds.derive(Seeds.derive(seed, CAPTIONED_SPLIT), i);
            ShapeScene scene = ShapeScene.random(new SplittableRandom(sceneSeed));
            String caption = captionWriter.caption(scene, new SplittableRandom(Seeds.derive(sceneSeed, CAPTION_STREAM)));
            scenes.add(new CaptionedScene(i, scene, caption));
        }
        return scenes;
    }

    /** The first {@code count} image-only scenes, none of a left-out composition. */
    public List<ShapeScene> imageOnly(int count) {
        checkCount(count);
        List<ShapeScene> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom random = new SplittableRandom(Seeds.derive(Seeds.derive(seed, IMAGE_ONLY_SPLIT), i));
            scenes.add(drawAllowed(random, i));
        }
        return scenes;
    }

    /** Planar [3, 32, 32] float images of the scenes, in order (the trainer's image layout). */
    public static List<float[]> planarImages(List<ShapeScene> scenes) {
        List<float[]> images = new ArrayList<>(scenes.size());
        for (ShapeScene scene : scenes) {
            images.add(ShapesRenderer.render(scene).toChw());
        }
        return images;
    }

    /** Uniform over the allowed compositions: redraw the whole scene while its composition is left out. */
    private ShapeScene drawAllowed(SplittableRandom random, int index) {
        for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
            ShapeScene scene = ShapeScene.random(random);
            if (!leftOut.contains(scene.composition())) {
                return scene;
            }
        }
        throw new IllegalStateException("no allowed composition drawn for image-only scene " + index + " after "
                + MAX_REDRAWS + " draws");
    }

    private static void checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("scene count must be >= 0, got " + count);
        }
    }

    public static final class Builder {
        private long seed = 0;
        private Set<Composition> leftOut = Composition.DEFAULT_LEFT_OUT;
        private CaptionWriter captionWriter = CaptionWriter.builder().build();

        private Builder() {
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Compositions the image-only split never contains (default {@link Composition#DEFAULT_LEFT_OUT}). */
        public Builder optLeftOut(Set<Composition> leftOut) {
            Objects.requireNonNull(leftOut, "leftOut");
            if (leftOut.size() >= ShapeKind.values().length * ObjectColour.values().length) {
                throw new IllegalArgumentException("leftOut holds all " + leftOut.size()
                        + " compositions: the image-only split would be empty");
            }
            this.leftOut = leftOut;
            return this;
        }

        public Builder optCaptionWriter(CaptionWriter captionWriter) {
            this.captionWriter = Objects.requireNonNull(captionWriter, "captionWriter");
            return this;
        }

        public ShapesDataset build() {
            return new ShapesDataset(this);
        }
    }
}
