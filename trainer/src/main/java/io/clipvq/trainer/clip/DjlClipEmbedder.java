package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.trainer.worlds.ClipEmbedder;
import io.clipvq.trainer.nn.Tensors;

import java.util.List;

/** Embeddings from the DJL towers of a {@link ClipModel} being trained (no gradients recorded). */
public final class DjlClipEmbedder implements ClipEmbedder {
    private static final int CHUNK = 256;

    private final ClipModel model;
    private final ClipTokenizer tokenizer;
    private final ClipPreprocessor preprocessor;

    public DjlClipEmbedder(ClipModel model, ClipTokenizer tokenizer, ClipPreprocessor preprocessor) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        int c = model.textSpec().contextLength();
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += CHUNK) {
            int batch = Math.min(CHUNK, texts.size() - start);
            long[] ids = new long[batch * c];
            for (int b = 0; b < batch; b++) {
                tokenizer.tokenizeInto(texts.get(start + b), ids, b * c);
            }
            int used = ClipTextTower.usedLength(ids, batch, c);
            long[] cut = new long[batch * used];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(ids, b * c, cut, b * used, used);
            }
            NDManager m = model.params().manager();
            try (NDScope ignored = new NDScope()) {
                copyRows(model.text().forward(Tensors.owned(m, cut, new Shape(batch, used))), out, start);
            }
        }
        return out;
    }

    @Override
    public float[][] embedImages(List<float[]> chwImages) {
        int s = model.imageSpec().imageSize();
        float[][] out = new float[chwImages.size()][];
        for (int start = 0; start < chwImages.size(); start += CHUNK) {
            int batch = Math.min(CHUNK, chwImages.size() - start);
            float[] pixels = new float[batch * 3 * s * s];
            for (int b = 0; b < batch; b++) {
                CaptionedPairs.prepare(preprocessor, chwImages.get(start + b), pixels, b * 3 * s * s);
            }
            NDManager m = model.params().manager();
            try (NDScope ignored = new NDScope()) {
                copyRows(model.image().forward(Tensors.owned(m, pixels, new Shape(batch, 3, s, s))), out, start);
            }
        }
        return out;
    }

    private static void copyRows(NDArray embeds, float[][] out, int start) {
        int rows = Math.toIntExact(embeds.getShape().get(0));
        int dim = Math.toIntExact(embeds.getShape().get(1));
        float[] values = embeds.toFloatArray();
        for (int r = 0; r < rows; r++) {
            float[] row = new float[dim];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) values[r * dim + j] * values[r * dim + j];
            }
            double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
            for (int j = 0; j < dim; j++) {
                row[j] = (float) (values[r * dim + j] * scale);
            }
            out[start + r] = row;
        }
    }
}
