package io.clipvq.trainer.pipeline;

/**
 * The layout of a world pipeline's --work-dir, shared by the pipelines that write it (shapes-bundle,
 * fashion-mnist-bundle) and the ablations that read it.
 */
public final class PipelineWorkDir {
    /** The image-only split as PNGs: the only images the tokenizer and the generator see. */
    public static final String IMAGE_ONLY = "image-only";
    /** The CLIP's training run, and the same CLIP as a bundle carrying only its encoders. */
    public static final String CLIP_RUN = "clip";
    public static final String CLIP_BUNDLE = "clip-bundle";
    public static final String VQGAN_RUN = "vqgan";
    public static final String VQGAN_CHECKPOINT = "vqgan.ckpt";
    public static final String PALETTE_RUN = "palette";
    public static final String PALETTE_FILE = "palette.bin";
    public static final String DIFFUSION_RUN = "diffusion";
    public static final String DIFFUSION_CHECKPOINT = "diffusion.ckpt";
    /** What a world's evaluation checker keeps between runs (a trained classifier, say). */
    public static final String CACHE = "cache";
    /** The held-out evaluation prompts. */
    public static final String PROMPTS = "prompts.jsonl";

    private PipelineWorkDir() {
    }
}
