package io.clipvq.trainer.worlds.shapes.pipeline;

import io.clipvq.trainer.tokenizer.ImageTokenizer;
import io.clipvq.trainer.tokenizer.VqGanTokenizer;
import io.clipvq.trainer.worlds.shapes.AttributeChecker;
import io.clipvq.trainer.worlds.shapes.Attribute;
import io.clipvq.trainer.worlds.shapes.CheckedAttributes;
import io.clipvq.trainer.worlds.shapes.ShapeScene;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How much the tokenizer alone loses: encodes and decodes Shapes scenes through it (a trained VQ-GAN or the palette
 * tokenizer) and reads the reconstructions with the pixel checker. Its attribute agreement bounds what any decoder can reach with these
 * codes (docs/worlds.md#shapes-tokenizer-note, on blurred edges); exact pixels say whether the palette colours survive.
 */
public final class TokenizerCheck {
    private static final int BATCH = 64;

    /**
     * @param exactPixels     fraction of pixels whose 8-bit RGB equals the original
     * @param exactImages     fraction of images reconstructed bit for bit
     * @param agreement       per attribute, the fraction of reconstructions the checker reads as the scene's value
     * @param codesUsed       distinct codes the encoder chose over all images
     */
    public record Result(int images, double exactPixels, double exactImages, Map<Attribute, Double> agreement,
                         int codesUsed, int codebookSize) {
        public String summary() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "%d images: exact pixels %.2f%%, exact images %.1f%%, codes used %d of %d; checker agreement",
                    images, 100 * exactPixels, 100 * exactImages, codesUsed, codebookSize));
            agreement.forEach((a, v) -> s.append(String.format(Locale.ROOT, " %s %.1f%%", a.label(), 100 * v)));
            return s.toString();
        }
    }

    private TokenizerCheck() {
    }

    /** Measures the VQ-GAN of a train-vqgan checkpoint. */
    public static Result measure(Path vqganCheckpoint, List<ShapeScene> scenes) throws IOException {
        try (VqGanTokenizer tokenizer = VqGanTokenizer.load(vqganCheckpoint)) {
            return measure(tokenizer, scenes);
        }
    }

    public static Result measure(ImageTokenizer tokenizer, List<ShapeScene> scenes) {
        if (scenes.isEmpty()) {
            throw new IllegalArgumentException("the tokenizer check needs at least one scene");
        }
        if (tokenizer.imageSize() != ShapesImage.SIZE) {
            throw new IllegalArgumentException("the tokenizer makes " + tokenizer.imageSize()
                    + "-pixel images, the Shapes canvas is " + ShapesImage.SIZE);
        }
        AttributeChecker checker = AttributeChecker.builder().build();
        Map<Attribute, Integer> agreeing = new EnumMap<>(Attribute.class);
        for (Attribute a : Attribute.values()) {
            agreeing.put(a, 0);
        }
        BitSet used = new BitSet(tokenizer.codebookSize());
        long exactPixels = 0;
        int exactImages = 0;
        int per = 3 * ShapesImage.PIXELS;
        for (int start = 0; start < scenes.size(); start += BATCH) {
            List<ShapeScene> batch = scenes.subList(start, Math.min(scenes.size(), start + BATCH));
            ShapesImage[] originals = new ShapesImage[batch.size()];
            float[] input = new float[batch.size() * per];
            for (int i = 0; i < batch.size(); i++) {
                originals[i] = ShapesRenderer.render(batch.get(i));
                System.arraycopy(originals[i].toChw(), 0, input, i * per, per);
            }
            long[] codes = tokenizer.encode(input, batch.size());
            float[] recon = tokenizer.decode(codes, batch.size());
            for (long code : codes) {
                used.set((int) code);
            }
            for (int i = 0; i < batch.size(); i++) {
                float[] chw = new float[per];
                System.arraycopy(recon, i * per, chw, 0, per);
                ShapesImage reconstructed = ShapesImage.fromChw(chw);
                int[] a = originals[i].packed();
                int[] b = reconstructed.packed();
                int same = 0;
                for (int p = 0; p < a.length; p++) {
                    same += a[p] == b[p] ? 1 : 0;
                }
                exactPixels += same;
                exactImages += same == a.length ? 1 : 0;
                CheckedAttributes read = checker.check(reconstructed);
                for (Attribute attribute : Attribute.values()) {
                    if (read.value(attribute).equals(Optional.of(batch.get(i).value(attribute)))) {
                        agreeing.merge(attribute, 1, Integer::sum);
                    }
                }
            }
        }
        Map<Attribute, Double> agreement = new EnumMap<>(Attribute.class);
        agreeing.forEach((a, n) -> agreement.put(a, n / (double) scenes.size()));
        return new Result(scenes.size(), exactPixels / ((double) scenes.size() * ShapesImage.PIXELS),
                exactImages / (double) scenes.size(), agreement, used.cardinality(), tokenizer.codebookSize());
    }
}
