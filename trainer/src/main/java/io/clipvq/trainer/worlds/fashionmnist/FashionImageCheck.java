package io.clipvq.trainer.worlds.fashionmnist;

import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.report.ConfusionMatrixPicture;
import io.clipvq.trainer.report.ImageGrid;
import io.clipvq.trainer.stats.FrechetDistance;
import io.clipvq.trainer.stats.GaussianStats;
import io.clipvq.trainer.worlds.GeneratedImageCheck;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores generated Fashion-MNIST images (docs/worlds.md): the class the {@link FashionClassifier} reads against the
 * class the prompt names ({@link FashionPrompts}), per class and as a confusion matrix picture, and the Fréchet
 * distance between classifier features of the generated images and of the 10,000 real test images. The distance is
 * put beside that of as many real training images, of the same classes as the prompts ask for, against the same
 * test statistics: the Fréchet distance grows as the sample shrinks, so only a same-size real sample says what a
 * perfect generator would score.
 */
final class FashionImageCheck implements GeneratedImageCheck {
    static final String CONFUSION_PICTURE = "confusion_matrix.png";
    static final String CLASS_PICTURE = "samples_by_class.png";
    /** Kept images per class in {@link #CLASS_PICTURE}. */
    static final int PER_CLASS_IN_PICTURE = 8;

    private final FashionMnist data;
    private final FashionClassifier classifier;
    private final double classifierTestAccuracy;
    private GaussianStats testStats;

    FashionImageCheck(FashionMnist data, FashionClassifier classifier, double classifierTestAccuracy) {
        this.data = data;
        this.classifier = classifier;
        this.classifierTestAccuracy = classifierTestAccuracy;
    }

    @Override
    public void checkPrompts(List<String> prompts) {
        prompts.forEach(FashionPrompts::classOf);
    }

    @Override
    public Outcome score(List<String> prompts, List<byte[]> pngs, Path outDir) throws IOException {
        List<FashionClass> asked = prompts.stream().map(FashionPrompts::classOf).toList();
        List<float[]> images = new ArrayList<>(pngs.size());
        for (byte[] png : pngs) {
            images.add(decode(png));
        }
        FashionClassifier.Readout generated = classifier.read(images);
        int k = FashionClass.values().length;
        int[][] confusion = new int[k][k];
        int right = 0;
        for (int i = 0; i < asked.size(); i++) {
            confusion[asked.get(i).ordinal()][generated.classes()[i]]++;
            right += asked.get(i).ordinal() == generated.classes()[i] ? 1 : 0;
        }
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (FashionClass c : FashionClass.values()) {
            int total = Arrays.stream(confusion[c.ordinal()]).sum();
            if (total > 0) {
                perClass.put(c.label(), (double) confusion[c.ordinal()][c.ordinal()] / total);
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("world", FashionMnistWorld.NAME);
        metrics.put("classAccuracy", (double) right / asked.size());
        metrics.put("classifierTestAccuracy", classifierTestAccuracy);
        metrics.put("perClassAccuracy", perClass);
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : confusion) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        metrics.put("confusionMatrix", rows);
        if (images.size() >= 2) {
            GaussianStats test = testStats();
            double generatedDistance = FrechetDistance.between(GaussianStats.of(List.of(generated.features())), test);
            double realDistance = FrechetDistance.between(
                    GaussianStats.of(List.of(classifier.read(realSample(asked)).features())), test);
            Map<String, Object> frechet = new LinkedHashMap<>();
            frechet.put("generated", generatedDistance);
            frechet.put("realSameSize", realDistance);
            frechet.put("ratio", generatedDistance / realDistance);
            frechet.put("images", images.size());
            frechet.put("testImages", test.count());
            frechet.put("features", FashionClassifier.FEATURES);
            metrics.put("classifierFrechet", frechet);
        }
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("class accuracy %", 100 * (double) right / asked.size());
        if (metrics.get("classifierFrechet") instanceof Map<?, ?> frechet) {
            headline.put("classifier FD", frechet.get("generated"));
            headline.put("FD / real FD", frechet.get("ratio"));
        }
        metrics.put(GeneratedImageCheck.HEADLINE, headline);
        List<String> labels = Arrays.stream(FashionClass.values()).map(FashionClass::label).toList();
        ConfusionMatrixPicture.write(outDir.resolve(CONFUSION_PICTURE), labels, confusion,
                "Fashion-MNIST: asked (rows) vs read by the classifier (columns)");
        writeClassPicture(outDir.resolve(CLASS_PICTURE), asked, images);
        return new Outcome(metrics, report(metrics, perClass));
    }

    private String report(Map<String, Object> metrics, Map<String, Object> perClass) {
        StringBuilder md = new StringBuilder("## Fashion-MNIST classes\n\n");
        md.append(String.format(Locale.ROOT, "Class accuracy %.3f under a classifier that scores %.3f on the real test images.%n%n",
                (double) metrics.get("classAccuracy"), classifierTestAccuracy));
        if (metrics.get("classifierFrechet") instanceof Map<?, ?> frechet) {
            md.append(String.format(Locale.ROOT, "Fréchet distance of classifier features to the 10,000 test images: "
                            + "%.3f generated, %.3f for as many real training images of the same classes (ratio %.2f).%n%n",
                    (double) frechet.get("generated"), (double) frechet.get("realSameSize"), (double) frechet.get("ratio")));
        }
        md.append("| class | accuracy |\n|---|---|\n");
        perClass.forEach((c, v) -> md.append(String.format(Locale.ROOT, "| %s | %.3f |%n", c, (double) v)));
        md.append("\n![confusion matrix](").append(CONFUSION_PICTURE).append(")\n");
        md.append("\nKept images by the class asked for, one row per class (").append(String.join(", ",
                Arrays.stream(FashionClass.values()).map(FashionClass::label).toList())).append("):\n\n![samples by class](")
                .append(CLASS_PICTURE).append(")\n");
        return md.toString();
    }

    /**
     * One row per class in label order: the first {@value #PER_CLASS_IN_PICTURE} kept images of the prompts asking for
     * it, black where fewer were asked.
     */
    private static void writeClassPicture(Path file, List<FashionClass> asked, List<float[]> images) throws IOException {
        List<float[]> cells = new ArrayList<>();
        float[] empty = new float[images.get(0).length];
        for (FashionClass c : FashionClass.values()) {
            int shown = 0;
            for (int i = 0; i < asked.size() && shown < PER_CLASS_IN_PICTURE; i++) {
                if (asked.get(i) == c) {
                    cells.add(images.get(i));
                    shown++;
                }
            }
            for (; shown < PER_CLASS_IN_PICTURE; shown++) {
                cells.add(empty);
            }
        }
        ImageGrid.write(file, cells, FashionMnist.CANVAS, PER_CLASS_IN_PICTURE);
    }

    /** One real training image per prompt, of the class it asks for, taken in file order per class. */
    private List<float[]> realSample(List<FashionClass> asked) {
        Map<FashionClass, Integer> next = new EnumMap<>(FashionClass.class);
        List<float[]> sample = new ArrayList<>(asked.size());
        for (FashionClass c : asked) {
            int i = next.getOrDefault(c, 0);
            while (data.train(i).label() != c) {
                i++;
            }
            sample.add(data.train(i).canvasChw());
            next.put(c, i + 1);
        }
        return sample;
    }

    private GaussianStats testStats() {
        if (testStats == null) {
            List<float[]> test = new ArrayList<>(data.testCount());
            for (int i = 0; i < data.testCount(); i++) {
                test.add(data.test(i).canvasChw());
            }
            testStats = GaussianStats.of(List.of(classifier.read(test).features()));
        }
        return testStats;
    }

    private static float[] decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new IOException("a generated image is not a readable PNG");
        }
        return ImageFolder.toChw(image.getWidth() == FashionMnist.CANVAS && image.getHeight() == FashionMnist.CANVAS
                ? image : ImageFolder.resizeAndCrop(image, FashionMnist.CANVAS));
    }
}
