package io.clipvq.trainer.clip;

import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.trainer.worlds.shapes.ShapeScene;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;

import java.util.List;

/**
 * The captioned split of the Shapes world as CLIP inputs: every caption tokenized once with the CLIP BPE
 * ({@link ClipTokenizer}, 77 ids, zero padded), every image rendered and prepared by the engine's
 * {@link ClipPreprocessor} when a batch asks for it (a 32 x 32 scene is cheaper to redraw than to keep as floats).
 */
public final class CaptionedPairs {
    private final List<ShapesDataset.CaptionedScene> scenes;
    /** Ids as int (the CLIP vocabulary fits), half the memory of long for a few hundred thousand captions. */
    private final int[] tokenIds;
    private final ClipPreprocessor preprocessor;
    private final int contextLength;

    public CaptionedPairs(List<ShapesDataset.CaptionedScene> scenes, ClipTokenizer tokenizer, ClipPreprocessor preprocessor) {
        if (scenes.isEmpty()) {
            throw new IllegalArgumentException("no captioned pairs to train on");
        }
        this.scenes = List.copyOf(scenes);
        this.preprocessor = preprocessor;
        this.contextLength = ClipTokenizer.CONTEXT_LENGTH;
        this.tokenIds = new int[scenes.size() * contextLength];
        long[] row = new long[contextLength];
        for (int i = 0; i < scenes.size(); i++) {
            tokenizer.tokenizeInto(scenes.get(i).caption(), row, 0);
            for (int j = 0; j < contextLength; j++) {
                tokenIds[i * contextLength + j] = Math.toIntExact(row[j]);
            }
        }
    }

    public int size() {
        return scenes.size();
    }

    public int contextLength() {
        return contextLength;
    }

    public ShapesDataset.CaptionedScene scene(int index) {
        return scenes.get(index);
    }

    /** The [indices.length, 77] token ids of the pairs, flat. */
    public long[] tokens(int[] indices) {
        long[] out = new long[indices.length * contextLength];
        for (int b = 0; b < indices.length; b++) {
            for (int j = 0; j < contextLength; j++) {
                out[b * contextLength + j] = tokenIds[indices[b] * contextLength + j];
            }
        }
        return out;
    }

    /** The [indices.length, 3, S, S] CLIP-normalised pixels of the pairs, flat. */
    public float[] pixels(int[] indices) {
        int s = preprocessor.imageSize();
        float[] out = new float[indices.length * 3 * s * s];
        for (int b = 0; b < indices.length; b++) {
            prepare(preprocessor, scenes.get(indices[b]).scene(), out, b * 3 * s * s);
        }
        return out;
    }

    /** Renders the scene and writes its preprocessed [3, S, S] pixels at {@code offset} of {@code target}. */
    static void prepare(ClipPreprocessor preprocessor, ShapeScene scene, float[] target, int offset) {
        float[] chw = ShapesRenderer.render(scene).toChw();
        preprocessor.processInto(chw, 0, ShapesImage.SIZE, ShapesImage.SIZE, target, offset);
    }
}
