package io.clipvq.trainer.pipeline;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** What the world pipelines (shapes-bundle, shapes-ablations, fashion-mnist-bundle) share: timed, announced stages, and the trainer's commands run in-process. */
public final class PipelineStages {
    private PipelineStages() {
    }

    @FunctionalInterface
    public interface Stage {
        void run() throws Exception;
    }

    /** Runs a stage, announcing it as "== LABEL NAME" and recording its seconds under NAME. */
    public static void stage(String label, Map<String, Object> seconds, String name, Stage stage) throws Exception {
        System.err.println("== " + label + " " + name);
        long start = System.nanoTime();
        stage.run();
        double s = (System.nanoTime() - start) / 1e9;
        seconds.put(name, Math.round(s * 10) / 10.0);
        System.err.printf(Locale.ROOT, "== %s %s done in %.1f s%n", label, name, s);
    }

    /** Runs one of the trainer's commands with the given options; a non-zero exit stops the caller. */
    public static void run(Object command, Object... args) {
        String[] text = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int rc = new CommandLine(command).execute(text);
        if (rc != 0) {
            String name = command.getClass().getAnnotation(Command.class).name();
            throw new IllegalStateException(name + " exited with " + rc + " (options " + String.join(" ", text) + ")");
        }
    }

    /** Refuses an --out folder that exists and holds anything: a pipeline writes a new bundle there. */
    public static void requireEmptyOut(CommandLine commandLine, java.nio.file.Path out) throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(out)) {
            try (var existing = java.nio.file.Files.list(out)) {
                if (existing.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(commandLine, "--out " + out
                            + " is not empty; the pipeline writes a new bundle there");
                }
            }
        }
    }
}
