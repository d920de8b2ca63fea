package io.clipvq.trainer.worlds.shapes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.cli.TrainerCli;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesSplitWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * shapes-ablations (the generic ablations command for the Shapes world) on a tiny work dir (random CLIP, one-step VQ-GAN, 16 images, 2 training steps): every run is
 * trained, exported and evaluated, the report holds each row and the language-free / paired ratio computed from the
 * runs' metrics, and a second call skips everything that exists. The numbers themselves are meaningless.
 */
class ShapesAblationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RUNS = List.of("language-free-a0", "language-free-a0.25", "language-free-a0.5", "language-free-a0.75", "paired");

    @Test
    void should_train_export_and_evaluate_every_run_then_skip_them_when_called_again(@TempDir Path dir) throws Exception {
        Path work = tinyWorkDir(dir);
        Path out = dir.resolve("ablations");
        assertThat(ablations(work, out)).isZero();

        for (String run : RUNS) {
            assertThat(BundleLoader.load(out.resolve("bundles").resolve(run)).manifest().name()).isEqualTo("shapes-" + run);
            assertThat(BundleLoader.load(out.resolve("bundles").resolve(run)).manifest().version()).isEqualTo("0.1.0");
            Checkpoint checkpoint = Checkpoint.load(out.resolve("runs").resolve(run).resolve("diffusion.ckpt"));
            assertThat(checkpoint.doubles("condition.captions")).containsExactly(run.equals("paired") ? 1 : 0);
            assertThat(out.resolve("eval").resolve(run).resolve("metrics.json")).exists();
            // bundles shapes-<run>, evaluated with --world shapes: the Shapes measures
            JsonNode metrics = new ObjectMapper().readTree(out.resolve("eval").resolve(run).resolve("metrics.json").toFile());
            assertThat(metrics.at("/worldCheck/world").asText()).isEqualTo("shapes");
            assertThat(metrics.get("attribute_accuracy").isObject()).isTrue();
        }
        // the paired captions stay out of the language-free training folder
        assertThat(Files.readAllLines(out.resolve("captions.jsonl"))).hasSize(16);
        assertThat(work.resolve("image-only").resolve(ShapesSplitWriter.CAPTIONS_FILE)).doesNotExist();
        assertThat(subfolders(out.resolve("eval").resolve("language-free-a0.75-guidance"))).containsExactly("s1.5", "s3");
        assertThat(subfolders(out.resolve("eval").resolve("language-free-a0.75-truncation"))).containsExactly("r0.85", "r1");
        assertThat(out.resolve("eval").resolve("language-free-a0-guidance")).doesNotExist();

        String report = Files.readString(out.resolve("ablation.md"));
        assertThat(report).contains("| language-free, alpha 0 |", "| language-free, alpha 0.25 |",
                "| language-free, alpha 0.5 |", "| language-free, alpha 0.75 |", "| paired |", "CLIP / paired", "2 steps, batch 4",
                "## Guidance scale s (language-free, alpha 0.75, r = 0.9)", "| language-free, alpha 0.75, s 1.5 |",
                "## Truncation r (language-free, alpha 0.75, s = 1)", "| language-free, alpha 0.75, r 0.85 |",
                // the main eval (s 1, r 0.9) is a row of both sweeps, not evaluated twice
                "| language-free, alpha 0.75, s 1 |", "| language-free, alpha 0.75, r 0.9 |");
        double paired = clipScore(out.resolve("eval").resolve("paired"));
        double lf = clipScore(out.resolve("eval").resolve("language-free-a0.5"));
        assertThat(report).contains(String.format(Locale.ROOT,
                "- language-free, alpha 0.5: language-free / paired CLIP score = %.4f / %.4f = %.1f%%", lf, paired, 100 * lf / paired));

        // a second call finds every output and runs nothing
        assertThat(ablations(work, out)).isZero();
        assertThat(stageSeconds(out)).isEmpty();

        // a lost eval is redone, and only that one
        Files.delete(out.resolve("eval").resolve("paired").resolve("metrics.json"));
        assertThat(ablations(work, out)).isZero();
        assertThat(stageSeconds(out)).containsExactly("[5/5] paired eval");

        // a longer schedule resumes the run, exports it again and measures the new bundle
        assertThat(TrainerCli.execute("shapes-ablations", "--work-dir", work.toString(), "--out", out.toString(),
                "--steps", "3", "--batch-size", "4", "--layers", "1", "--width", "16", "--heads", "2", "--timesteps", "4",
                "--candidates", "2", "--eval-real-images", "8", "--alphas", "0",
                "--no-paired")).isZero();
        assertThat(stageSeconds(out)).containsExactly("[1/1] language-free-a0 train-diffusion",
                "[1/1] language-free-a0 export", "[1/1] language-free-a0 eval");
        assertThat(Checkpoint.load(out.resolve("runs").resolve("language-free-a0").resolve("diffusion.ckpt")).step()).isEqualTo(3);
        // a shorter one would mix schedules in one table: refused
        assertThat(ablations(work, out)).isNotZero();
    }

    @Test
    void should_refuse_a_work_dir_without_a_tokenizer_naming_the_option(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("work");
        Files.createDirectories(work.resolve("image-only"));
        Files.createDirectories(work.resolve("clip-bundle"));
        java.io.StringWriter err = new java.io.StringWriter();
        int rc = TrainerCli.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute("shapes-ablations", "--work-dir", work.toString());
        assertThat(rc).isNotZero();
        assertThat(err.toString()).contains("has neither", "--tokenizer-args");
    }

    private static int ablations(Path work, Path out) {
        return TrainerCli.execute("shapes-ablations", "--work-dir", work.toString(), "--out", out.toString(),
                "--steps", "2", "--batch-size", "4", "--layers", "1", "--width", "16", "--heads", "2", "--timesteps", "4",
                "--candidates", "2", "--eval-real-images", "8");
    }

    /** What shapes-bundle leaves in its work dir, on tiny sizes: the image-only split, a CLIP bundle, a VQ-GAN. */
    private static Path tinyWorkDir(Path dir) throws Exception {
        Path work = dir.resolve("work");
        new ShapesSplitWriter(new PrintStream(PrintStream.nullOutputStream()), 16)
                .writeImageOnly(ShapesDataset.builder().optSeed(4).build().imageOnly(16), work.resolve("image-only"));
        RandomBundleFactory.builder().optClipDim(8).optImageSize(32).optClipImageSize(32).optClipTextWidth(16).build()
                .write(work.resolve("clip-bundle"));
        assertThat(TrainerCli.execute("train-vqgan", "--images", work.resolve("image-only").toString(),
                "--run-dir", work.resolve("vqgan").toString(), "--steps", "1", "--codebook-size", "16", "--code-dim", "4",
                "--channels", "8", "--batch-size", "2", "--disc-start", "1000000")).isZero();
        assertThat(TrainerCli.execute("shapes-prompts", "--per-composition", "1", "--seed", "1",
                "--out", work.resolve("prompts.jsonl").toString())).isZero();
        return work;
    }

    private static List<String> subfolders(Path dir) throws Exception {
        try (var entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static double clipScore(Path evalDir) throws Exception {
        return JSON.readTree(evalDir.resolve("metrics.json").toFile()).get("clip_score").get("mean").asDouble();
    }

    private static List<String> stageSeconds(Path out) throws Exception {
        JsonNode record = JSON.readTree(out.resolve("ablations.json").toFile());
        List<String> names = new ArrayList<>();
        record.get("stageSeconds").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
