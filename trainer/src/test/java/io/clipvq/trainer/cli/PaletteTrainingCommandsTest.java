package io.clipvq.trainer.cli;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.tokenizer.PaletteTokenizer;
import io.clipvq.trainer.worlds.shapes.ShapeScene;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * build-palette, train-diffusion --tokenizer and export --tokenizer on a handful of Shapes images (a random CLIP
 * bundle: the numbers are meaningless, the plumbing is real); the engine then samples from the bundle.
 */
class PaletteTrainingCommandsTest {

    @Test
    void should_build_a_palette_train_on_its_codes_and_export_a_bundle_the_engine_runs(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        List<ShapeScene> scenes = ShapesDataset.builder().optSeed(3).build().imageOnly(8);
        for (int i = 0; i < scenes.size(); i++) {
            Files.write(images.resolve(String.format("%05d.png", i)), ShapesRenderer.render(scenes.get(i)).toPng());
        }
        Path clipBundle = dir.resolve("clip-bundle");
        RandomBundleFactory.builder().optImageSize(32).optCodeGrid(4).optCodebookSize(16).optClipDim(8)
                .optClipImageSize(16).optTimesteps(4).build().write(clipBundle);
        Path palette = dir.resolve("palette.bin");
        Path run = dir.resolve("run");

        assertThat(TrainerCli.execute("build-palette", "--images", images.toString(), "--out", palette.toString())).isZero();
        PaletteTokenizer tokenizer = PaletteTokenizer.load(palette);

        assertThat(TrainerCli.execute("train-diffusion", "--images", images.toString(), "--tokenizer", palette.toString(),
                "--clip-bundle", clipBundle.toString(), "--run-dir", run.toString(), "--steps", "2", "--layers", "1",
                "--width", "16", "--heads", "2", "--mlp-ratio", "2", "--timesteps", "4", "--batch-size", "2",
                "--sample-count", "2", "--checkpoint-every", "1", "--sample-every", "2")).isZero();
        assertThat(Checkpoint.load(run.resolve(RunFiles.DIFFUSION_CHECKPOINT)).step()).isEqualTo(2);
        assertThat(run.resolve(RunFiles.DIFFUSION_SAMPLES)).exists();

        Path bundle = dir.resolve("bundle");
        assertThat(TrainerCli.execute("export", "--tokenizer", palette.toString(), "--diffusion",
                run.resolve(RunFiles.DIFFUSION_CHECKPOINT).toString(), "--clip-bundle", clipBundle.toString(),
                "--out", bundle.toString(), "--name", "palette", "--candidates", "2")).isZero();

        ModelBundle loaded = BundleLoader.load(bundle);
        assertThat(loaded.manifest().codebookSize()).isEqualTo(tokenizer.codebookSize());
        assertThat(loaded.manifest().codeGrid().height()).isEqualTo(4);
        assertThat(loaded.manifest().files()).containsKey(BundleSignatures.VQ_DECODER)
                .doesNotContainKey(BundleSignatures.VQ_ENCODER);
        try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(loaded, EngineOptions.defaults())) {
            List<List<GeneratedImage>> out = engine.generate(List.of("a red circle"), new long[] {7},
                    new GenerationSettings(2, 1, 4, 1.0, 1.0));
            ShapesImage image = ShapesImage.fromPng(out.get(0).get(0).png());
            // whatever the untrained denoiser picks, the palette decoder paints only palette colours
            for (int rgb : image.packed()) {
                assertThat(contains(tokenizer.codebook().foreground(), rgb) || contains(tokenizer.codebook().background(), rgb))
                        .as("pixel 0x%06X", rgb).isTrue();
            }
        }
    }

    @Test
    void should_refuse_both_or_neither_tokenizer(@TempDir Path dir) {
        StringWriter neither = new StringWriter();
        assertThat(new CommandLine(new TrainDiffusionCommand()).setErr(new PrintWriter(neither)).execute(
                "--images", dir.toString(), "--clip-bundle", dir.toString(), "--run-dir", dir.resolve("run").toString(),
                "--steps", "1")).isNotZero();
        assertThat(neither.toString()).contains("exactly one tokenizer");
        StringWriter both = new StringWriter();
        assertThat(new CommandLine(new ExportCommand()).setErr(new PrintWriter(both)).execute("--vqgan", "a.ckpt",
                "--tokenizer", "p.bin", "--diffusion", "d.ckpt", "--clip-bundle", dir.toString(),
                "--out", dir.resolve("out").toString())).isNotZero();
        assertThat(both.toString()).contains("exactly one tokenizer").contains("both");
    }

    private static boolean contains(int[] colours, int rgb) {
        for (int c : colours) {
            if (c == rgb) {
                return true;
            }
        }
        return false;
    }
}
