package io.clipvq.trainer.cli;

import java.nio.file.Path;

/** The files of a training run directory, named once. */
final class RunFiles {
    static final String VQGAN_CHECKPOINT = "vqgan.ckpt";
    static final String VQGAN_LOSS = "vqgan-loss.png";
    static final String VQGAN_SAMPLES = "vqgan-samples.png";
    static final String DIFFUSION_CHECKPOINT = "diffusion.ckpt";
    static final String DIFFUSION_LOSS = "diffusion-loss.png";
    static final String DIFFUSION_SAMPLES = "diffusion-samples.png";
    static final String DIFFUSION_DATA = "diffusion-data.bin";

    private RunFiles() {
    }

    static Path in(Path dir, String name) {
        return dir.resolve(name);
    }
}
