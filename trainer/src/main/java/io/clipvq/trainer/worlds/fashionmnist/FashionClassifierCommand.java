package io.clipvq.trainer.worlds.fashionmnist;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains (or loads, when the cache holds it) the Fashion-MNIST evaluation classifier and prints its test accuracy. */
@Command(name = "fashion-mnist-classifier", mixinStandardHelpOptions = true,
        description = "Train the Fashion-MNIST evaluation classifier into CACHE/fashion-mnist (or load it) and print its"
                + " accuracy on the 10,000 real test images.")
public final class FashionClassifierCommand implements Callable<Integer> {
    @Option(names = "--cache-dir", description = "where eval keeps it (default ~/.cache/clipvq)")
    Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "clipvq");

    @Override
    public Integer call() throws Exception {
        FashionMnistWorld world = new FashionMnistWorld();
        try (FashionClassifier classifier = world.classifier(cacheDir)) {
            System.out.printf(Locale.ROOT, "{\"testAccuracy\": %.4f}%n", classifier.testAccuracy(world.data()));
        }
        return 0;
    }
}
