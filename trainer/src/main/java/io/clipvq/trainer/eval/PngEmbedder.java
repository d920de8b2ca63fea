package io.clipvq.trainer.eval;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundle's clip_image embeddings (L2-normalised) of PNG files, for the Frechet distance. Generated and real
 * images both go through this one path (8-bit PNG -> CLIP preprocessing -> clip_image), so neither set is favoured
 * by a difference in how it was read.
 */
public final class PngEmbedder implements AutoCloseable {
    private static final int BATCH = 64;

    private final OrtSession.SessionOptions options;
    private final ClipImageEncoder encoder;

    private PngEmbedder(OrtSession.SessionOptions options, ClipImageEncoder encoder) {
        this.options = options;
        this.encoder = encoder;
    }

    public static PngEmbedder open(ModelBundle bundle, EngineOptions engineOptions) {
        OrtSession.SessionOptions options = null;
        try {
            options = engineOptions.newSessionOptions();
            ClipImageEncoder encoder = ClipImageEncoder.open(OrtEnvironment.getEnvironment(), bundle.clipImage(), options,
                    ClipPreprocessor.fromManifest(bundle.manifest().clip()));
            return new PngEmbedder(options, encoder);
        } catch (OrtException e) {
            if (options != null) {
                options.close();
            }
            throw new IllegalStateException("cannot open " + bundle.clipImage() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (options != null) {
                options.close();
            }
            throw e;
        }
    }

    public int dimension() {
        return encoder.embeddingDim();
    }

    public List<float[]> embed(List<byte[]> pngs) {
        List<float[]> embeddings = new ArrayList<>(pngs.size());
        for (int start = 0; start < pngs.size(); start += BATCH) {
            List<BufferedImage> batch = new ArrayList<>();
            for (int i = start; i < Math.min(pngs.size(), start + BATCH); i++) {
                batch.add(decode(pngs.get(i), i));
            }
            try {
                embeddings.addAll(List.of(encoder.encode(batch)));
            } catch (OrtException e) {
                throw new IllegalStateException("clip_image failed on images " + start + ".." + (start + batch.size() - 1)
                        + ": " + e.getMessage(), e);
            }
        }
        return embeddings;
    }

    private static BufferedImage decode(byte[] png, int index) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("image " + index + " is not a PNG ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode image " + index, e);
        }
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } catch (OrtException e) {
            // releasing native memory failed: nothing left to do for the caller
        } finally {
            options.close();
        }
    }
}
