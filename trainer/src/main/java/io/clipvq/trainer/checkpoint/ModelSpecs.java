package io.clipvq.trainer.checkpoint;

import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.VqGanSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Model sizes stored in checkpoints (as long arrays), so that resume and export rebuild the same model. */
public final class ModelSpecs {
    public static final String KEY = "spec";

    private ModelSpecs() {
    }

    public static long[] of(VqGanSpec s) {
        return new long[] {s.codebookSize(), s.codeDim(), s.gridHeight(), s.gridWidth(), s.downsampleFactor(), s.channels()};
    }

    public static VqGanSpec vqGan(long[] v) {
        check(v, 6, "VQ-GAN");
        return new VqGanSpec((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5]);
    }

    /** Ten sizes, then the code factors if the code is factorised. */
    public static long[] of(DenoiserSpec s) {
        long[] fixed = {s.codebookSize(), s.gridHeight(), s.gridWidth(), s.width(), s.layers(), s.heads(), s.mlpRatio(),
                s.clipDim(), s.timesteps(), s.mlp().ordinal()};
        long[] all = Arrays.copyOf(fixed, fixed.length + s.codeFactors().size());
        for (int i = 0; i < s.codeFactors().size(); i++) {
            all[fixed.length + i] = s.codeFactors().get(i);
        }
        return all;
    }

    public static DenoiserSpec denoiser(long[] v) {
        if (v.length != 10) {
            check(v, 10 + Math.max(2, v.length - 10), "denoiser");
        }
        List<Integer> factors = new ArrayList<>();
        for (int i = 10; i < v.length; i++) {
            factors.add((int) v[i]);
        }
        return new DenoiserSpec((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], (int) v[6],
                (int) v[7], (int) v[8], DenoiserSpec.Mlp.values()[(int) v[9]], factors);
    }

    private static void check(long[] v, int length, String what) {
        if (v.length != length) {
            throw new IllegalArgumentException("checkpoint holds a " + what + " spec of " + v.length + " numbers "
                    + Arrays.toString(v) + ", expected " + length);
        }
    }
}
