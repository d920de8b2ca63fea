package io.clipvq.trainer.ownmodel;

import io.clipvq.trainer.data.ImageFolder;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sizes build-bundle chooses for a folder of images (docs/own-model.md, "What build-bundle chooses"): the image
 * side S, the largest of 16, 32, 64, 128, 256 not above the median shorter side of the images, so little is made up
 * by upscaling; the code grid S / 4 up to 64 pixels and S / 8 above (the paper's 256-pixel images give 32 x 32
 * codes); a codebook that grows with the number of images (128 below 1,000, 256 below 10,000, 512 below 100,000,
 * else 1,024: a codebook far larger than the data leaves most codes unused); and training lengths in epochs, about
 * 5 for the VQ-GAN at batch 16 and 15 for the generator at batch 64, within fixed bounds.
 *
 * @param medianShortSide median of min(width, height) over up to {@value #SIZE_SAMPLE} images
 */
public record FolderPlan(List<Path> files, int medianShortSide, int imageSize, int codeGrid, int codebookSize,
                         long vqganSteps, long diffusionSteps) {
    static final int SIZE_SAMPLE = 500;
    static final int[] IMAGE_SIZES = {16, 32, 64, 128, 256};

    /** Reads the folder (only the headers of a sample of images) and chooses every size. */
    public static FolderPlan of(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new java.nio.file.NoSuchFileException(folder.toString());
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(ImageFolder::isImage).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("image folder " + folder + " holds no .png, .jpg or .jpeg file");
        }
        List<Integer> shortSides = new ArrayList<>();
        int stride = Math.max(1, files.size() / SIZE_SAMPLE);
        for (int i = 0; i < files.size(); i += stride) {
            shortSides.add(shortSide(files.get(i)));
        }
        Collections.sort(shortSides);
        int median = shortSides.get(shortSides.size() / 2);
        int imageSize = IMAGE_SIZES[0];
        for (int size : IMAGE_SIZES) {
            if (size <= median) {
                imageSize = size;
            }
        }
        return choose(files, median, imageSize);
    }

    static FolderPlan choose(List<Path> files, int medianShortSide, int imageSize) {
        int count = files.size();
        int codeGrid = imageSize <= 64 ? imageSize / 4 : imageSize / 8;
        int codebook = count < 1_000 ? 128 : count < 10_000 ? 256 : count < 100_000 ? 512 : 1024;
        long vqganSteps = clamp((long) Math.ceil(5.0 * count / 16), 500, 50_000);
        long diffusionSteps = clamp((long) Math.ceil(15.0 * count / 64), 1_000, 200_000);
        return new FolderPlan(files, medianShortSide, imageSize, codeGrid, codebook, vqganSteps, diffusionSteps);
    }

    /** The plan with the sizes the user gave instead of the chosen ones (null: keep). */
    public FolderPlan override(Integer size, Integer grid, Integer codebook, Long vqgan, Long diffusion) {
        int s = size != null ? size : imageSize;
        int g = grid != null ? grid : size != null ? choose(files, medianShortSide, s).codeGrid() : codeGrid;
        if (s % g != 0) {
            throw new IllegalArgumentException("the image size " + s + " is not a multiple of the code grid " + g);
        }
        return new FolderPlan(files, medianShortSide, s, g, codebook != null ? codebook : codebookSize,
                vqgan != null ? vqgan : vqganSteps, diffusion != null ? diffusion : diffusionSteps);
    }

    /** "1,234 images (median shorter side 300 px) -> 256 x 256, 32 x 32 codes of 1024" */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%,d images (median shorter side %d px) -> %d x %d pixels, "
                        + "%d x %d codes from a codebook of %d; VQ-GAN %,d steps, generator %,d steps", files.size(),
                medianShortSide, imageSize, imageSize, codeGrid, codeGrid, codebookSize, vqganSteps, diffusionSteps);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static int shortSide(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("cannot read image " + file + ": not a PNG or JPEG file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return Math.min(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        }
    }
}
