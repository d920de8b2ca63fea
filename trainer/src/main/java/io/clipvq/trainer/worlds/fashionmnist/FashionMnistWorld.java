package io.clipvq.trainer.worlds.fashionmnist;

import io.clipvq.contracts.Seeds;
import io.clipvq.trainer.worlds.ClipEmbedder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.trainer.worlds.CaptionedImage;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.World;
import io.clipvq.trainer.pipeline.AblationsCommand;
import io.clipvq.trainer.pipeline.PipelineStages;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The Fashion-MNIST world (docs/worlds.md) as a trainer plug-in. Its files are read from
 * /usr/share/datasets/fashion-mnist, or from the folder the FASHION_MNIST_DIR environment variable names.
 */
public final class FashionMnistWorld implements World {
    public static final String NAME = "fashion-mnist";
    private static final long CAPTION_STREAM = 1;
    private static final long ZERO_SHOT_STREAM = 2;

    static final String CLASSIFIER_FILE = "classifier.ckpt";
    static final String CLASSIFIER_FACTS = "classifier.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FashionMnist data;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Object> commands() {
        return List.of(new FashionSplitCommand(), new FashionPromptsCommand(), new FashionClassifierCommand(),
                new FashionBundleCommand(), AblationsCommand.forWorld(this));
    }

    @Override
    public int imageSize() {
        return FashionMnist.CANVAS;
    }

    /** fashion-mnist-prompts at fashion-mnist-bundle's size: 20 prompts per class. */
    @Override
    public void writeEvalPrompts(Path file, long seed) throws Exception {
        PipelineStages.run(new FashionPromptsCommand(), "--per-class", 20, "--seed", seed, "--out", file.toString());
    }

    /**
     * A caption of each image of an image-only split folder written by fashion-mnist-split (NNNNNN.png is image-only
     * image N, training image 30,000 + N), worded like the CLIP's training captions from the image's label; image N
     * uses the random stream Seeds.derive(seed, N).
     */
    @Override
    public void writePairedCaptions(Path imageOnlySplit, Path file, long seed) throws IOException {
        List<String> names;
        try (var entries = Files.list(imageOnlySplit)) {
            names = entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(imageOnlySplit + " holds no PNG image to caption");
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String name : names) {
                int index = imageOnlyIndex(name, imageOnlySplit);
                FashionClass label = data().train(FashionMnist.CAPTIONED_END + index).label();
                String caption = FashionCaptions.caption(label, new SplittableRandom(Seeds.derive(seed, index)));
                writer.write(JSON.writeValueAsString(JSON.createObjectNode().put("image", name).put("caption", caption)));
                writer.write('\n');
            }
        }
    }

    private int imageOnlyIndex(String name, Path split) {
        String stem = name.substring(0, name.length() - ".png".length());
        if (!stem.matches("\\d{6}")) {
            throw new IllegalArgumentException(split.resolve(name) + " is not named like a fashion-mnist-split image (NNNNNN.png)");
        }
        int index = Integer.parseInt(stem);
        if (index >= data().imageOnlyCount()) {
            throw new IllegalArgumentException(split.resolve(name) + " names image-only image " + index + ", but the split has "
                    + data().imageOnlyCount());
        }
        return index;
    }

    /** The files this world reads, loaded once. */
    public synchronized FashionMnist data() {
        if (data == null) {
            String dir = System.getenv("FASHION_MNIST_DIR");
            try {
                data = FashionMnist.load(dir == null || dir.isBlank() ? FashionMnist.DEFAULT_DIR : Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return data;
    }

    /** A captioned pair of the split: image 30,000 of a longer list is image 0 again, with a fresh caption. */
    public record Pair(FashionMnist.LabelledImage image, String caption) implements CaptionedImage {
        @Override
        public float[] chw() {
            return image.canvasChw();
        }
    }

    /**
     * Pair i shows captioned image i mod 30,000 with a caption drawn from (seed, i): more pairs than images repeat
     * the images with new captions.
     */
    @Override
    public List<CaptionedImage> captionedPairs(int count, long seed) {
        FashionMnist data = data();
        List<CaptionedImage> pairs = new ArrayList<>(count);
        long stream = Seeds.derive(seed, CAPTION_STREAM);
        for (int i = 0; i < count; i++) {
            FashionMnist.LabelledImage image = data.captioned(i % data.captionedCount());
            pairs.add(new Pair(image, FashionCaptions.caption(image.label(), new SplittableRandom(Seeds.derive(stream, i)))));
        }
        return pairs;
    }

    /**
     * Group "class": for each of the first {@code images} test images, one caption per class (template and word drawn
     * per image) ranked against the image; right when the top caption names the image's class.
     */
    @Override
    public ZeroShotResult zeroShot(ClipEmbedder clip, int images, long seed) throws Exception {
        FashionMnist data = data();
        int count = Math.min(images, data.testCount());
        List<float[]> pixels = new ArrayList<>(count);
        List<String> captions = new ArrayList<>();
        int classes = FashionClass.values().length;
        long stream = Seeds.derive(seed, ZERO_SHOT_STREAM);
        for (int i = 0; i < count; i++) {
            pixels.add(data.test(i).canvasChw());
            SplittableRandom random = new SplittableRandom(Seeds.derive(stream, i));
            for (FashionClass c : FashionClass.values()) {
                captions.add(FashionCaptions.caption(c, random));
            }
        }
        float[][] imageEmbeddings = clip.embedImages(pixels);
        float[][] textEmbeddings = clip.embedTexts(captions);
        int right = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double score = dot(imageEmbeddings[i], textEmbeddings[i * classes + c]);
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            right += best == data.test(i).label().ordinal() ? 1 : 0;
        }
        Map<String, Double> accuracy = new LinkedHashMap<>();
        accuracy.put("class", count == 0 ? 0 : (double) right / count);
        return new ZeroShotResult(count, accuracy);
    }

    /**
     * The classifier check; the classifier is trained on first use (about a minute) and kept in
     * CACHE/fashion-mnist/classifier.ckpt with its test accuracy beside it.
     */
    @Override
    public Optional<GeneratedImageCheck> generatedImageCheck(Path cacheDir) throws IOException {
        Path facts = cacheDir.resolve(NAME).resolve(CLASSIFIER_FACTS);
        FashionClassifier classifier = classifier(cacheDir);
        double accuracy = JSON.readTree(facts.toFile()).get("testAccuracy").asDouble();
        System.err.printf(java.util.Locale.ROOT, "Fashion-MNIST classifier: %.4f on the real test images%n", accuracy);
        return Optional.of(new FashionImageCheck(data(), classifier, accuracy));
    }

    /**
     * The evaluation classifier kept in CACHE/fashion-mnist/classifier.ckpt (its test accuracy in classifier.json
     * beside it), trained there on first use (about a minute).
     */
    public FashionClassifier classifier(Path cacheDir) throws IOException {
        Path folder = cacheDir.resolve(NAME);
        Path file = folder.resolve(CLASSIFIER_FILE);
        Path facts = folder.resolve(CLASSIFIER_FACTS);
        if (Files.isRegularFile(file) && Files.isRegularFile(facts)) {
            return FashionClassifier.load(file);
        }
        Files.createDirectories(folder);
        System.err.println("training the Fashion-MNIST evaluation classifier into " + file);
        FashionClassifier classifier = FashionClassifier.train(data(), FashionClassifier.Settings.defaults(), System.err);
        double accuracy = classifier.testAccuracy(data());
        classifier.save(file);
        JSON.writeValue(facts.toFile(), Map.of("testAccuracy", accuracy, "settings", FashionClassifier.Settings.defaults()));
        return classifier;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
