package io.clipvq.worker.testing;

import io.clipvq.contracts.Seeds;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.TextToImageEngine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * TEST SCOPE ONLY: a stand-in for the ONNX engine while it is not available, as issue 2 allows. Each candidate's
 * pixels and "CLIP score" are a pure function of its seed, so a regenerated prompt gives identical PNG bytes, the
 * property the worker's idempotency relies on. {@code delayPerPromptMillis} makes jobs slow enough to cancel.
 */
public final class DeterministicTestEngine implements TextToImageEngine {

    private final long delayPerPromptMillis;

    public DeterministicTestEngine(long delayPerPromptMillis) {
        this.delayPerPromptMillis = delayPerPromptMillis;
    }

    @Override
    public String modelName() {
        return "test-pattern";
    }

    @Override
    public String modelVersion() {
        return "1";
    }

    @Override
    public List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds, GenerationSettings settings) {
        List<List<GeneratedImage>> result = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            sleep();
            List<GeneratedImage> candidates = new ArrayList<>();
            for (int c = 0; c < settings.candidates(); c++) {
                long seed = Seeds.derive(promptSeeds[p], c);
                SplittableRandom random = new SplittableRandom(seed);
                candidates.add(new GeneratedImage(c, seed, random.nextDouble(), png(random), 8, 8));
            }
            candidates.sort(Comparator.comparingDouble(GeneratedImage::clipScore).reversed());
            result.add(List.copyOf(candidates.subList(0, settings.keep())));
        }
        return result;
    }

    private void sleep() {
        try {
            Thread.sleep(delayPerPromptMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] png(SplittableRandom random) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
