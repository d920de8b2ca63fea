package io.clipvq.trainer.clip;

import io.clipvq.modelbuild.graphs.ClipConvImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageTowerSpec;
import io.clipvq.modelbuild.graphs.ClipTextSpec;

import java.util.Arrays;

/** The CLIP tower sizes as checkpoint long arrays, so that resume and export rebuild the same towers. */
final class ClipSpecs {
    static final String TEXT_KEY = "spec.text";
    static final String IMAGE_KEY = "spec.image";

    private ClipSpecs() {
    }

    static long[] of(ClipTextSpec s) {
        return new long[] {s.vocabSize(), s.contextLength(), s.width(), s.layers(), s.heads(), s.mlpRatio(), s.embedDim()};
    }

    /** 7 numbers for the ViT, 4 for the CNN, so that the length tells the towers apart. */
    static long[] of(ClipImageTowerSpec tower) {
        if (tower instanceof ClipConvImageSpec s) {
            return new long[] {s.imageSize(), s.width(), s.stages(), s.embedDim()};
        }
        ClipImageSpec s = (ClipImageSpec) tower;
        return new long[] {s.imageSize(), s.patchSize(), s.width(), s.layers(), s.heads(), s.mlpRatio(), s.embedDim()};
    }

    static ClipTextSpec text(long[] v) {
        check(v, "text");
        return new ClipTextSpec((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], (int) v[6]);
    }

    static ClipImageTowerSpec image(long[] v) {
        if (v.length == 4) {
            return new ClipConvImageSpec((int) v[0], (int) v[1], (int) v[2], (int) v[3]);
        }
        check(v, "image");
        return new ClipImageSpec((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], (int) v[6]);
    }

    private static void check(long[] v, String what) {
        if (v.length != 7) {
            throw new IllegalArgumentException("checkpoint holds a CLIP " + what + " spec of " + v.length + " numbers "
                    + Arrays.toString(v) + ", expected 7");
        }
    }
}
