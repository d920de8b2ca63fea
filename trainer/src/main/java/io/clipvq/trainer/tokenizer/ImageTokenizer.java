package io.clipvq.trainer.tokenizer;

/**
 * What the diffusion trainer and the exporter need from an image tokenizer: images [count, 3, S, S] in [0, 1] <->
 * codes [count, h, w] in 0..K-1, the factors of a code (the factorised denoiser's embedding and output layer), and
 * the bundle's vq_decoder.onnx (and vq_encoder.onnx where there is one).
 */
public interface ImageTokenizer extends AutoCloseable {

    int gridHeight();

    int gridWidth();

    /** K. */
    int codebookSize();

    /** S, the side of the square images. */
    int imageSize();

    /** The code's factors, slowest first, their product K: [M, F, G] for the palette, [K] for the VQ-GAN. */
    int[] factorSizes();

    /** Codes [count, h, w] of planar images [count, 3, S, S] in [0, 1]. */
    long[] encode(float[] images, int count);

    /** Planar images [count, 3, S, S] in [0, 1] of codes [count, h, w]. */
    float[] decode(long[] codes, int count);

    /** vq_decoder.onnx and, if this tokenizer has one, vq_encoder.onnx, with the bundle's sizes. */
    TokenizerExport export();

    /** Changes whenever the codes this tokenizer gives could change (keys the training-code cache). */
    long fingerprint();

    @Override
    default void close() {
    }
}
