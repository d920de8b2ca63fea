package io.clipvq.engine.clip;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleSignatures;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * clip_image.onnx behind a {@link ClipPreprocessor}: images -> L2-normalised image embeddings [B][D].
 *
 * <p>Input {@code pixel_values} float [B, 3, S, S] (CLIP normalised); output {@code image_embeds} float [B, D].
 * The pixel buffer is direct and reused between calls of the same or smaller batch; calls are serialised.
 */
public final class ClipImageEncoder implements AutoCloseable {

    private static final String MODEL = BundleSignatures.CLIP_IMAGE;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean ownsSession;
    private final ClipPreprocessor preprocessor;
    private final int imageSize;
    private final int embeddingDim;
    private float[] staging = new float[0];
    private FloatBuffer pixels;

    private ClipImageEncoder(OrtEnvironment env, OrtSession session, boolean ownsSession,
                             ClipPreprocessor preprocessor) throws OrtException {
        this.env = env;
        this.session = session;
        this.ownsSession = ownsSession;
        this.preprocessor = preprocessor;
        this.imageSize = preprocessor.imageSize();
        long[] shape = Embeddings.tensorInfo(session.getInputInfo(), BundleSignatures.CLIP_IMAGE_PIXELS, MODEL,
                "input").getShape();
        if (shape.length != 4 || !fits(shape[1], 3) || !fits(shape[2], imageSize) || !fits(shape[3], imageSize)) {
            throw new IllegalArgumentException(MODEL + " input '" + BundleSignatures.CLIP_IMAGE_PIXELS
                    + "' should be [B, 3, " + imageSize + ", " + imageSize + "] to match the preprocessing size "
                    + imageSize + ", is " + Arrays.toString(shape));
        }
        this.embeddingDim = Embeddings.embeddingDim(session, BundleSignatures.CLIP_IMAGE_EMBEDS, MODEL);
    }

    /** A negative size is symbolic and takes any value. */
    private static boolean fits(long declared, int actual) {
        return declared < 0 || declared == actual;
    }

    /** Uses a session the caller owns (and closes after this encoder). */
    public static ClipImageEncoder wrap(OrtEnvironment env, OrtSession session, ClipPreprocessor preprocessor)
            throws OrtException {
        return new ClipImageEncoder(env, session, false, preprocessor);
    }

    /** Opens clip_image.onnx at {@code model} with the given options; {@link #close()} closes the session. */
    public static ClipImageEncoder open(OrtEnvironment env, Path model, OrtSession.SessionOptions options,
                                        ClipPreprocessor preprocessor) throws OrtException {
        OrtSession session = env.createSession(model.toString(), options);
        try {
            return new ClipImageEncoder(env, session, true, preprocessor);
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public ClipPreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * Preprocesses and encodes {@code batch} RGB images stored as [batch, 3, height, width] with values in [0, 1]
     * (e.g. the VQ decoder's output).
     */
    public synchronized float[][] encodeImages(float[] images, int batch, int height, int width) throws OrtException {
        if (batch <= 0 || images.length < (long) batch * 3 * height * width) {
            throw new IllegalArgumentException("images of length " + images.length + " do not hold " + batch
                    + " images of [3, " + height + ", " + width + "]");
        }
        int perImage = 3 * imageSize * imageSize;
        ensureCapacity(batch);
        for (int b = 0; b < batch; b++) {
            preprocessor.processInto(images, b * 3 * height * width, height, width, staging, b * perImage);
        }
        pixels.put(0, staging, 0, batch * perImage);
        return run(batch);
    }

    public synchronized float[][] encode(List<BufferedImage> images) throws OrtException {
        int batch = images.size();
        if (batch == 0) {
            return new float[0][];
        }
        int perImage = 3 * imageSize * imageSize;
        ensureCapacity(batch);
        for (int b = 0; b < batch; b++) {
            pixels.put(b * perImage, preprocessor.process(images.get(b)));
        }
        return run(batch);
    }

    /** Encodes already preprocessed pixel values [batch, 3, S, S]. */
    public synchronized float[][] encodePixelValues(float[] pixelValues, int batch) throws OrtException {
        int perImage = 3 * imageSize * imageSize;
        if (batch <= 0 || pixelValues.length != (long) batch * perImage) {
            throw new IllegalArgumentException("pixelValues should hold batch x 3 x " + imageSize + " x " + imageSize
                    + " = " + (long) batch * perImage + " floats, has " + pixelValues.length);
        }
        ensureCapacity(batch);
        pixels.put(0, pixelValues);
        return run(batch);
    }

    private float[][] run(int batch) throws OrtException {
        long[] shape = {batch, 3, imageSize, imageSize};
        try (OnnxTensor input = OnnxTensor.createTensor(env,
                pixels.duplicate().limit(batch * 3 * imageSize * imageSize), shape);
             OrtSession.Result result = session.run(Map.of(BundleSignatures.CLIP_IMAGE_PIXELS, input),
                     Set.of(BundleSignatures.CLIP_IMAGE_EMBEDS))) {
            FloatBuffer embeds = Embeddings.output(result, BundleSignatures.CLIP_IMAGE_EMBEDS, MODEL);
            return Embeddings.normalisedRows(embeds, batch, embeddingDim);
        }
    }

    private void ensureCapacity(int batch) {
        int needed = batch * 3 * imageSize * imageSize;
        if (pixels == null || pixels.capacity() < needed) {
            pixels = ByteBuffer.allocateDirect(needed * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            staging = new float[needed];
        }
    }

    @Override
    public void close() throws OrtException {
        if (ownsSession) {
            session.close();
        }
    }
}
