package io.clipvq.trainer.worlds;

/**
 * One captioned training pair of a world: the caption and the image as planar RGB [3, S, S] in [0, 1] at the
 * world's image size. Images may be produced on demand (a synthetic world redraws them), so {@link #chw()} may cost
 * time but always returns the same pixels for the same pair.
 */
public interface CaptionedImage {
    String caption();

    float[] chw();
}
