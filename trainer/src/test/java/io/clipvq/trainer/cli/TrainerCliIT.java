package io.clipvq.trainer.cli;

import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole trainer from the command line on a tiny world: VQ-GAN, diffusion decoder on CLIP image embeddings
 * (from a random CLIP bundle: the numbers are meaningless, the plumbing is real), export, then the engine loads the
 * bundle and samples from it.
 */
class TrainerCliIT {

    @Test
    void should_train_export_and_sample_a_tiny_bundle_end_to_end(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 20; x++) {
                    img.setRGB(x, y, ((x + i) / 4) % 2 == 0 ? 0xD02020 + i * 10 : 0x2040C0);
                }
            }
            ImageIO.write(img, "png", images.resolve("img" + i + ".png").toFile());
        }
        Path clipBundle = dir.resolve("clip-bundle");
        RandomBundleFactory.builder().optImageSize(16).optCodeGrid(4).optCodebookSize(16).optClipDim(8)
                .optClipImageSize(16).optTimesteps(4).build().write(clipBundle);
        Path run = dir.resolve("run");

        int vq = TrainerCli.execute("train-vqgan", "--images", images.toString(), "--run-dir", run.toString(),
                "--steps", "4", "--image-size", "16", "--code-grid", "4", "--codebook-size", "16", "--code-dim", "4",
                "--channels", "8", "--batch-size", "2", "--disc-start", "2", "--disc-channels", "4", "--disc-layers", "1",
                "--checkpoint-every", "2", "--sample-every", "2");
        assertThat(vq).isZero();
        assertThat(Checkpoint.load(run.resolve(RunFiles.VQGAN_CHECKPOINT)).step()).isEqualTo(4);
        assertThat(ImageIO.read(run.resolve(RunFiles.VQGAN_LOSS).toFile())).isNotNull();
        assertThat(ImageIO.read(run.resolve(RunFiles.VQGAN_SAMPLES).toFile()).getWidth()).isGreaterThan(6 * 16);

        String[] diffusionArgs = {"train-diffusion", "--images", images.toString(), "--vqgan",
                run.resolve(RunFiles.VQGAN_CHECKPOINT).toString(), "--clip-bundle", clipBundle.toString(), "--run-dir",
                run.toString(), "--steps", "3", "--layers", "1", "--width", "16", "--heads", "2", "--mlp-ratio", "2",
                "--timesteps", "4", "--batch-size", "2", "--sample-count", "2", "--checkpoint-every", "1", "--sample-every", "3"};
        assertThat(TrainerCli.execute(diffusionArgs)).isZero();
        assertThat(Checkpoint.load(run.resolve(RunFiles.DIFFUSION_CHECKPOINT)).step()).isEqualTo(3);
        assertThat(ImageIO.read(run.resolve(RunFiles.DIFFUSION_SAMPLES).toFile())).isNotNull();
        // a second call with more steps resumes from the checkpoint and the cached codes
        diffusionArgs[10] = "5";
        assertThat(TrainerCli.execute(diffusionArgs)).isZero();
        Checkpoint resumed = Checkpoint.load(run.resolve(RunFiles.DIFFUSION_CHECKPOINT));
        assertThat(resumed.step()).isEqualTo(5);
        assertThat(resumed.doubles("history.loss")).hasSize(5);

        Path bundle = dir.resolve("bundle");
        assertThat(TrainerCli.execute("export", "--vqgan", run.resolve(RunFiles.VQGAN_CHECKPOINT).toString(), "--diffusion",
                run.resolve(RunFiles.DIFFUSION_CHECKPOINT).toString(), "--clip-bundle", clipBundle.toString(), "--out",
                bundle.toString(), "--name", "tiny", "--candidates", "2")).isZero();

        ModelBundle loaded = BundleLoader.load(bundle);
        assertThat(loaded.manifest().codebookSize()).isEqualTo(16);
        try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(loaded, EngineOptions.defaults())) {
            List<List<GeneratedImage>> out = engine.generate(List.of("a red stripe"), new long[] {7},
                    new GenerationSettings(2, 1, 4, 1.0, 1.0));
            assertThat(out).hasSize(1);
            GeneratedImage image = out.get(0).get(0);
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.png()));
            assertThat(png.getWidth()).isEqualTo(16);
        }
    }

    @Test
    void should_refuse_a_missing_image_folder_naming_it(@TempDir Path dir) {
        int code = TrainerCli.execute("train-vqgan", "--images", dir.resolve("nope").toString(), "--run-dir",
                dir.resolve("run").toString(), "--steps", "1");
        assertThat(code).isNotZero();
    }
}
