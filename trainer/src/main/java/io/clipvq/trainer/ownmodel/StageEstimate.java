package io.clipvq.trainer.ownmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long a training stage will take on this machine, said before it starts: the stage's own command is run twice
 * on a small sample of the images, for {@value #SHORT} and {@value #LONG} steps, into scratch folders, and the
 * difference of the two times over the difference of the steps is the time of a step (what both runs spend
 * starting up cancels out). The real run's time per step matches when its batch size is the same; a larger data
 * set only adds the stage's start-up work (the generator's embedding of every image), which is not counted.
 */
final class StageEstimate {
    static final int SHORT = 2;
    static final int LONG = 6;

    /** Runs {@code steps} steps of the stage into {@code runDir}. */
    @FunctionalInterface
    interface Probe {
        void run(long steps, Path runDir) throws Exception;
    }

    /** Seconds per step; the scratch folders under {@code scratch} are removed afterwards. */
    static double secondsPerStep(Probe probe, Path scratch) throws Exception {
        try {
            double shortRun = timed(probe, SHORT, scratch.resolve("short"));
            double longRun = timed(probe, LONG, scratch.resolve("long"));
            return Math.max(1e-3, (longRun - shortRun) / (LONG - SHORT));
        } finally {
            deleteTree(scratch);
        }
    }

    /** "about 12 min (0.36 s a step)" */
    static String describe(long steps, double secondsPerStep) {
        double total = steps * secondsPerStep;
        String time = total < 90 ? String.format(Locale.ROOT, "%.0f s", total)
                : total < 5400 ? String.format(Locale.ROOT, "%.0f min", total / 60)
                : String.format(Locale.ROOT, "%.1f h", total / 3600);
        return String.format(Locale.ROOT, "%,d steps, about %s on this machine (%.3f s a step)", steps, time,
                secondsPerStep);
    }

    private static double timed(Probe probe, long steps, Path runDir) throws Exception {
        long start = System.nanoTime();
        probe.run(steps, runDir);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
