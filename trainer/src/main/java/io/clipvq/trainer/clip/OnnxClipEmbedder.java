package io.clipvq.trainer.clip;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.trainer.worlds.ClipEmbedder;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.text.ClipTokenizer;

import java.nio.file.Path;
import java.util.List;

/**
 * Embeddings from exported clip_text.onnx and clip_image.onnx through the engine's own encoders (the worker's
 * tokenizer, preprocessing and ONNX Runtime sessions), so that what is measured is what the worker will run.
 */
public final class OnnxClipEmbedder implements ClipEmbedder, AutoCloseable {
    private static final int CHUNK = 256;

    private final ClipTextEncoder text;
    private final ClipImageEncoder image;

    private OnnxClipEmbedder(ClipTextEncoder text, ClipImageEncoder image) {
        this.text = text;
        this.image = image;
    }

    public static OnnxClipEmbedder open(Path clipText, Path clipImage, ClipTokenizer tokenizer,
                                        ClipPreprocessor preprocessor) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            ClipTextEncoder text = ClipTextEncoder.open(env, clipText, options, tokenizer);
            try {
                return new OnnxClipEmbedder(text, ClipImageEncoder.open(env, clipImage, options, preprocessor));
            } catch (OrtException | RuntimeException e) {
                text.close();
                throw e;
            }
        }
    }

    @Override
    public float[][] embedTexts(List<String> texts) throws OrtException {
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += CHUNK) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + CHUNK));
            System.arraycopy(text.encode(chunk), 0, out, start, chunk.size());
        }
        return out;
    }

    @Override
    public float[][] embedImages(List<float[]> chwImages) throws OrtException {
        float[][] out = new float[chwImages.size()][];
        if (chwImages.isEmpty()) {
            return out;
        }
        int plane = chwImages.get(0).length;
        int side = CaptionedPairs.side(chwImages.get(0));
        for (int start = 0; start < chwImages.size(); start += CHUNK) {
            int batch = Math.min(CHUNK, chwImages.size() - start);
            float[] images = new float[batch * plane];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(chwImages.get(start + b), 0, images, b * plane, plane);
            }
            System.arraycopy(image.encodeImages(images, batch, side, side), 0, out, start, batch);
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        try {
            text.close();
        } finally {
            image.close();
        }
    }
}
