package io.clipvq.engine.clip;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.image.PillowResampler;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's image preprocessing (torchvision Resize(S, BICUBIC), CenterCrop(S), ToTensor, Normalize(mean, std)) for
 * planar RGB images with values in [0, 1]: the shorter side is resized to S (the longer one to
 * {@code int(S * long / short)}, as torchvision computes it), the centre S x S square is kept (offsets rounded
 * half to even, as Python's round), and each channel is normalised. Interpolation: {@link PillowResampler},
 * Pillow's antialiased bicubic (or bilinear when a bundle asks for it): in floating point for float images (decoder
 * output), in Pillow's exact 8-bit fixed-point arithmetic for {@link BufferedImage}s.
 *
 * <p>Thread-safe; resize taps are computed once per input size and kept.
 */
public final class ClipPreprocessor {

    /** OpenAI CLIP's normalisation constants and input size (ViT-B/32). */
    public static final float[] OPENAI_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] OPENAI_STD = {0.26862954f, 0.26130258f, 0.27577711f};
    public static final int OPENAI_IMAGE_SIZE = 224;

    private final int imageSize;
    private final float[] mean;
    private final float[] std;
    private final PillowResampler.Filter filter;
    private final Map<Long, PillowResampler.Taps> tapsCache = new ConcurrentHashMap<>();

    private ClipPreprocessor(Builder builder) {
        this.imageSize = builder.imageSize;
        this.mean = builder.mean.clone();
        this.std = builder.std.clone();
        this.filter = builder.filter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The preprocessing a model bundle's manifest prescribes for its clip_image. */
    public static ClipPreprocessor fromManifest(BundleManifest.ClipPreprocessing clip) {
        Builder builder = builder().optImageSize(clip.imageSize());
        if (clip.mean() != null) {
            builder.optMean(floats("clip.mean", clip.mean()));
        }
        if (clip.std() != null) {
            builder.optStd(floats("clip.std", clip.std()));
        }
        if (clip.resize() != null) {
            builder.optResize(clip.resize() == BundleManifest.ResizeMode.BILINEAR
                    ? PillowResampler.Filter.BILINEAR : PillowResampler.Filter.BICUBIC);
        }
        return builder.build();
    }

    private static float[] floats(String field, List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException("manifest " + field + "[" + i + "] is null");
            }
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /** S: the side of the square the encoder takes. */
    public int imageSize() {
        return imageSize;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    public PillowResampler.Filter resize() {
        return filter;
    }

    /** Preprocesses a [3, height, width] image (values in [0, 1]) into a new [3, S, S] array. */
    public float[] process(float[] chw, int height, int width) {
        float[] pixelValues = new float[3 * imageSize * imageSize];
        processInto(chw, 0, height, width, pixelValues, 0);
        return pixelValues;
    }

    /**
     * Preprocesses an 8-bit image exactly as CLIP's preprocess does a Pillow RGB image: the resize runs on 8-bit
     * levels in Pillow's fixed-point arithmetic ({@link PillowResampler#resizeCrop8Bit}), then levels / 255 are
     * normalised. Alpha is dropped before resizing (CLIP converts to RGB after the resize, which differs only
     * for translucent images); pixels are read through {@link BufferedImage#getRGB}, i.e. as sRGB.
     */
    public float[] process(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        int[] levels = new int[3 * plane];
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < plane; i++) {
            levels[i] = (argb[i] >> 16) & 0xFF;
            levels[plane + i] = (argb[i] >> 8) & 0xFF;
            levels[2 * plane + i] = argb[i] & 0xFF;
        }
        int[] resized = resizedSize(height, width, imageSize);
        int[] cropped = new int[3 * imageSize * imageSize];
        PillowResampler.resizeCrop8Bit(levels, 3, taps(height, resized[0]), taps(width, resized[1]),
                cropOffset(resized[0], imageSize), imageSize, cropOffset(resized[1], imageSize), imageSize, cropped);
        float[] pixelValues = new float[cropped.length];
        int outPlane = imageSize * imageSize;
        for (int i = 0; i < cropped.length; i++) {
            int c = i / outPlane;
            pixelValues[i] = (cropped[i] / 255f - mean[c]) / std[c];
        }
        return pixelValues;
    }

    /**
     * Preprocesses the [3, height, width] image at {@code sourceOffset} of {@code source} into the [3, S, S] slot at
     * {@code targetOffset} of {@code target}, e.g. from a [B, 3, H, W] decoder output into a [B, 3, S, S] encoder
     * input buffer.
     */
    public void processInto(float[] source, int sourceOffset, int height, int width, float[] target, int targetOffset) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got height " + height + " width " + width);
        }
        if (sourceOffset < 0 || sourceOffset + 3L * height * width > source.length) {
            throw new IllegalArgumentException("source array of length " + source.length + " holds no [3, " + height
                    + ", " + width + "] image at offset " + sourceOffset);
        }
        int outputLength = 3 * imageSize * imageSize;
        if (targetOffset < 0 || targetOffset + outputLength > target.length) {
            throw new IllegalArgumentException("target array of length " + target.length + " has no room for [3, "
                    + imageSize + ", " + imageSize + "] at offset " + targetOffset);
        }
        int[] resized = resizedSize(height, width, imageSize);
        int top = cropOffset(resized[0], imageSize);
        int left = cropOffset(resized[1], imageSize);
        PillowResampler.Taps rowTaps = taps(height, resized[0]);
        PillowResampler.Taps columnTaps = taps(width, resized[1]);
        float[] scratch = new float[3 * height * imageSize];
        PillowResampler.resizeCrop(source, sourceOffset, 3, rowTaps, columnTaps, top, imageSize, left, imageSize,
                scratch, target, targetOffset);
        int plane = imageSize * imageSize;
        for (int c = 0; c < 3; c++) {
            float channelMean = mean[c];
            float channelStd = std[c];
            int base = targetOffset + c * plane;
            for (int i = 0; i < plane; i++) {
                target[base + i] = (target[base + i] - channelMean) / channelStd;
            }
        }
    }

    /** torchvision's size for Resize(int): shorter side to {@code size}, longer side {@code int(size * long / short)}. */
    static int[] resizedSize(int height, int width, int size) {
        if (width <= height) {
            return new int[] {(int) ((double) size * height / width), size};
        }
        return new int[] {size, (int) ((double) size * width / height)};
    }

    /** torchvision's CenterCrop offset {@code int(round((length - crop) / 2.0))}; Python rounds half to even. */
    static int cropOffset(int length, int crop) {
        return (int) Math.rint((length - crop) / 2.0);
    }

    private PillowResampler.Taps taps(int inSize, int outSize) {
        return tapsCache.computeIfAbsent(((long) inSize << 32) | outSize, key -> PillowResampler.taps(inSize, outSize, filter));
    }

    public static final class Builder {
        private int imageSize = OPENAI_IMAGE_SIZE;
        private float[] mean = OPENAI_MEAN;
        private float[] std = OPENAI_STD;
        private PillowResampler.Filter filter = PillowResampler.Filter.BICUBIC;

        private Builder() {
        }

        /** Interpolation of the resize (default bicubic, as CLIP). */
        public Builder optResize(PillowResampler.Filter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** S, the encoder's input side (default 224). */
        public Builder optImageSize(int imageSize) {
            if (imageSize <= 0) {
                throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
            }
            this.imageSize = imageSize;
            return this;
        }

        /** Per-channel mean (default OpenAI CLIP's). */
        public Builder optMean(float[] mean) {
            this.mean = checkTriple("mean", mean, false);
            return this;
        }

        /** Per-channel standard deviation, all positive (default OpenAI CLIP's). */
        public Builder optStd(float[] std) {
            this.std = checkTriple("std", std, true);
            return this;
        }

        public ClipPreprocessor build() {
            return new ClipPreprocessor(this);
        }

        private static float[] checkTriple(String name, float[] values, boolean positive) {
            if (values == null || values.length != 3) {
                throw new IllegalArgumentException(name + " needs 3 values (R, G, B), got "
                        + (values == null ? "null" : Arrays.toString(values)));
            }
            for (float v : values) {
                if (!Float.isFinite(v) || (positive && v <= 0)) {
                    throw new IllegalArgumentException(name + " values must be finite" + (positive ? " and positive" : "")
                            + ", got " + Arrays.toString(values));
                }
            }
            return values.clone();
        }
    }
}
