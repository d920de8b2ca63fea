package io.clipvq.trainer.worlds.shapes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.trainer.cli.TrainerCli;
import io.clipvq.trainer.tokenizer.PaletteTokenizer;
import io.clipvq.trainer.worlds.shapes.ShapesSplitWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shapes-bundle pipeline from the trainer's command line on tiny sizes: every stage runs, the bundle loads
 * in the engine with the trained CLIP inside, and the evaluation wrote its report. The numbers are meaningless.
 */
class ShapesBundleCommandIT {

    @Test
    void should_reproduce_a_loadable_bundle_with_eval_report_from_scratch(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bundle");
        Path work = dir.resolve("work");
        int rc = TrainerCli.execute("shapes-bundle", "--out", out.toString(), "--work-dir", work.toString(),
                "--tokenizer", "vqgan",
                "--images", "48", "--clip-pairs", "48", "--clip-steps", "2", "--clip-batch-size", "16", "--clip-dim", "8",
                "--clip-text-width", "8", "--clip-image-width", "8", "--clip-eval-scenes", "8",
                "--vqgan-steps", "2", "--codebook-size", "32", "--code-dim", "4", "--vqgan-channels", "8",
                "--vqgan-batch-size", "4", "--diffusion-steps", "2", "--layers", "1", "--width", "16", "--heads", "2",
                "--timesteps", "4", "--diffusion-batch-size", "4", "--guidance-scale", "1.5", "--truncation", "0.85",
                "--candidates", "2", "--eval-per-composition", "1", "--eval-real-images", "8",
                "--tokenizer-check-images", "16");
        assertThat(rc).isZero();

        ModelBundle bundle = BundleLoader.load(out);
        BundleManifest m = bundle.manifest();
        assertThat(m.name()).isEqualTo("shapes");
        assertThat(m.codebookSize()).isEqualTo(32);
        assertThat(m.codeGrid()).isEqualTo(new BundleManifest.CodeGrid(8, 8));
        assertThat(m.imageSize()).isEqualTo(32);
        assertThat(m.clipDim()).isEqualTo(8);
        assertThat(m.diffusion().timesteps()).isEqualTo(4);
        // the condition noise at sampling defaults to the alpha the generator was trained with (0.75)
        assertThat(m.sampling()).isEqualTo(new BundleManifest.Sampling(4, 0.85, 1.5, 2, 0.75, 0.99, 0.02));
        // the bundle carries the CLIP that train-clip trained, not the carrier bundle's placeholders
        assertThat(Files.readAllBytes(bundle.clipText()))
                .isEqualTo(Files.readAllBytes(work.resolve("clip").resolve(BundleSignatures.CLIP_TEXT)));
        assertThat(Files.readAllBytes(bundle.clipImage()))
                .isEqualTo(Files.readAllBytes(work.resolve("clip").resolve(BundleSignatures.CLIP_IMAGE)));

        // the generator's split is image-only: scenes without captions
        Path imageOnly = work.resolve("image-only");
        assertThat(imageOnly.resolve(ShapesSplitWriter.SCENES_FILE)).exists();
        assertThat(imageOnly.resolve(ShapesSplitWriter.CAPTIONS_FILE)).doesNotExist();
        try (var files = Files.list(imageOnly)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(48);
        }

        Path eval = out.resolve("eval");
        List<String> manifestLines = Files.readAllLines(eval.resolve("manifest.jsonl"));
        assertThat(manifestLines).hasSize(24); // one prompt per colour-shape pair
        assertThat(eval.resolve("metrics.json")).exists();
        assertThat(eval.resolve("report.md")).exists();
        // the bundle is named shapes: eval picks the Shapes check by that name, and scores all 24 prompts
        JsonNode metrics = new ObjectMapper().readTree(eval.resolve("metrics.json").toFile());
        assertThat(metrics.at("/worldCheck/world").asText()).isEqualTo("shapes");
        assertThat(metrics.at("/attribute_accuracy/seen/prompts").asInt()
                + metrics.at("/attribute_accuracy/left_out/prompts").asInt()).isEqualTo(24);
        assertThat(metrics.at("/frechet_distance/value").isNumber()).isTrue();
        assertThat(Files.readString(eval.resolve("report.md"))).contains("| attribute | seen | left out | all |");
        JsonNode pipeline = new ObjectMapper().readTree(eval.resolve("pipeline.json").toFile());
        assertThat(pipeline.get("stageSeconds").fieldNames()).toIterable().containsExactly("render", "train-clip",
                "clip-bundle", "train-vqgan", "tokenizer-check", "train-diffusion", "export", "shapes-prompts", "eval");
        assertThat(pipeline.get("command").get(0).asText()).isEqualTo("shapes-bundle");
        assertThat(pipeline.get("command").get(1).asText()).isEqualTo("--out");
        JsonNode check = pipeline.get("tokenizerCheck");
        assertThat(check.get("images").asInt()).isEqualTo(16);
        assertThat(check.get("codebookSize").asInt()).isEqualTo(32);
        assertThat(check.get("codesUsed").asInt()).isBetween(1, 32);
        assertThat(check.get("exactPixels").asDouble()).isBetween(0.0, 1.0);
        assertThat(check.get("agreement").size()).isEqualTo(5);
    }

    @Test
    void should_build_the_palette_tokenizer_by_default_and_check_it_reads_every_attribute(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bundle");
        Path work = dir.resolve("work");
        int rc = TrainerCli.execute("shapes-bundle", "--out", out.toString(), "--work-dir", work.toString(),
                "--images", "1000", "--clip-pairs", "48", "--clip-steps", "2", "--clip-batch-size", "16", "--clip-dim", "8",
                "--clip-text-width", "8", "--clip-image-width", "8", "--clip-eval-scenes", "8",
                "--diffusion-steps", "2", "--layers", "1", "--width", "16", "--heads", "2",
                "--timesteps", "4", "--diffusion-batch-size", "4", "--candidates", "2",
                "--tokenizer-check-images", "32", "--skip-eval");
        assertThat(rc).isZero();

        PaletteTokenizer palette = PaletteTokenizer.load(work.resolve("palette").resolve(ShapesBundleCommand.PALETTE_FILE));
        BundleManifest m = BundleLoader.load(out).manifest();
        assertThat(m.codebookSize()).isEqualTo(palette.codebookSize());
        assertThat(m.codeGrid()).isEqualTo(new BundleManifest.CodeGrid(4, 4));
        assertThat(m.files()).doesNotContainKey(BundleSignatures.VQ_ENCODER);
        assertThat(work.resolve("vqgan")).doesNotExist();

        JsonNode pipeline = new ObjectMapper().readTree(work.resolve("pipeline.json").toFile());
        assertThat(pipeline.get("stageSeconds").fieldNames()).toIterable().containsExactly("render", "train-clip",
                "clip-bundle", "build-palette", "tokenizer-check", "train-diffusion", "export");
        JsonNode check = pipeline.get("tokenizerCheck");
        assertThat(check.get("codebookSize").asInt()).isEqualTo(palette.codebookSize());
        assertThat(check.get("agreement").size()).isEqualTo(5);
        check.get("agreement").forEach(a -> assertThat(a.asDouble()).isEqualTo(1.0));
    }

    @Test
    void should_refuse_a_used_output_folder_before_overwriting_it(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bundle");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "not a bundle");
        int rc = TrainerCli.execute("shapes-bundle", "--out", out.toString(), "--work-dir", dir.resolve("work").toString(),
                "--images", "8", "--clip-pairs", "16", "--clip-steps", "1", "--clip-batch-size", "8", "--clip-dim", "8",
                "--clip-text-width", "8", "--clip-image-width", "8", "--clip-eval-scenes", "4",
                "--vqgan-steps", "1", "--codebook-size", "16", "--code-dim", "4", "--vqgan-channels", "8",
                "--vqgan-batch-size", "2", "--diffusion-steps", "1", "--layers", "1", "--width", "16", "--heads", "2",
                "--timesteps", "4", "--diffusion-batch-size", "2", "--skip-eval");
        assertThat(rc).isNotZero();
        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("not a bundle");
    }
}
