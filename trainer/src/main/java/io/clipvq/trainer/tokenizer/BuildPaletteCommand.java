package io.clipvq.trainer.tokenizer;

import io.clipvq.trainer.data.ImageFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** Learns a palette tokenizer from a folder of images and checks that it reproduces them. */
@Command(name = "build-palette", mixinStandardHelpOptions = true,
        description = "Learn a palette tokenizer (masks x object colours x background colours per patch) from a folder "
                + "of flat-colour images; prints M, F, G, K and how exactly it reproduces the images.")
public final class BuildPaletteCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "folder of PNG training images (the image-only split)") Path images;
    @Option(names = "--out", required = true, description = "the palette tokenizer file to write") Path out;
    @Option(names = "--image-size", defaultValue = "32") int imageSize;
    @Option(names = "--grid", defaultValue = "4", description = "codes per side; patch side = image size / grid (default ${DEFAULT-VALUE})")
    int grid;

    @Override
    public Integer call() throws Exception {
        ImageFolder.Loaded loaded = ImageFolder.load(images, imageSize);
        PaletteTokenizer tokenizer = PaletteTokenizer.build(loaded.images(), imageSize, grid);
        tokenizer.save(out);
        int[] factors = tokenizer.factorSizes();
        System.err.printf("build-palette: %d images, %dx%d codes of %dx%d pixels: M=%d masks, F=%d object colours, "
                        + "G=%d background colours, K=%d; factors %s%n", loaded.images().size(), grid, grid,
                imageSize / grid, imageSize / grid, factors[0], factors[1], factors[2], tokenizer.codebookSize(),
                Arrays.toString(factors));
        Reconstruction check = Reconstruction.measure(tokenizer, loaded.images());
        System.err.println("build-palette: reconstruction of the training images: " + check.summary());
        System.err.println("build-palette: vq_decoder.onnx would be " + tokenizer.export().decoderOnnx().length
                + " bytes; wrote " + out);
        return 0;
    }
}
