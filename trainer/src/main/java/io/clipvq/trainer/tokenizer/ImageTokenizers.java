package io.clipvq.trainer.tokenizer;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the tokenizer a command was given: exactly one of a VQ-GAN checkpoint or a palette tokenizer file. */
public final class ImageTokenizers {
    private ImageTokenizers() {
    }

    public static ImageTokenizer open(Path vqganCheckpoint, Path paletteFile) throws IOException {
        if ((vqganCheckpoint == null) == (paletteFile == null)) {
            throw new IllegalArgumentException("give exactly one tokenizer: --vqgan (a VQ-GAN checkpoint) or --tokenizer "
                    + "(a palette tokenizer file from build-palette); got " + (vqganCheckpoint == null ? "neither" : "both"));
        }
        return vqganCheckpoint != null ? VqGanTokenizer.load(vqganCheckpoint) : PaletteTokenizer.load(paletteFile);
    }
}
