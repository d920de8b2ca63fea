package io.clipvq.trainer.clip;

import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.trainer.worlds.CaptionedImage;

import java.util.List;

/**
 * A world's captioned split as CLIP inputs: every caption tokenized once with the CLIP BPE ({@link ClipTokenizer},
 * 77 ids, zero padded), every image prepared by the engine's {@link ClipPreprocessor} when a batch asks for it (a
 * world may redraw its images more cheaply than it could keep them as floats).
 */
public final class CaptionedPairs {
    private final List<CaptionedImage> pairs;
    /** Ids as int (the CLIP vocabulary fits), half the memory of long for a few hundred thousand captions. */
    private final int[] tokenIds;
    private final ClipPreprocessor preprocessor;
    private final int contextLength;

    public CaptionedPairs(List<? extends CaptionedImage> pairs, ClipTokenizer tokenizer, ClipPreprocessor preprocessor) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no captioned pairs to train on");
        }
        this.pairs = List.copyOf(pairs);
        this.preprocessor = preprocessor;
        this.contextLength = ClipTokenizer.CONTEXT_LENGTH;
        this.tokenIds = new int[pairs.size() * contextLength];
        long[] row = new long[contextLength];
        for (int i = 0; i < pairs.size(); i++) {
            tokenizer.tokenizeInto(pairs.get(i).caption(), row, 0);
            for (int j = 0; j < contextLength; j++) {
                tokenIds[i * contextLength + j] = Math.toIntExact(row[j]);
            }
        }
    }

    public int size() {
        return pairs.size();
    }

    public int contextLength() {
        return contextLength;
    }

    public CaptionedImage pair(int index) {
        return pairs.get(index);
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
            prepare(preprocessor, pairs.get(indices[b]).chw(), out, b * 3 * s * s);
        }
        return out;
    }

    /** Writes the preprocessed [3, S, S] pixels of a planar RGB image at {@code offset} of {@code target}. */
    static void prepare(ClipPreprocessor preprocessor, float[] chw, float[] target, int offset) {
        int side = side(chw);
        preprocessor.processInto(chw, 0, side, side, target, offset);
    }

    /** The side of a square planar RGB image. */
    static int side(float[] chw) {
        int side = (int) Math.round(Math.sqrt(chw.length / 3.0));
        if (3 * side * side != chw.length) {
            throw new IllegalArgumentException("an image of " + chw.length + " floats is not a square planar RGB image");
        }
        return side;
    }
}
