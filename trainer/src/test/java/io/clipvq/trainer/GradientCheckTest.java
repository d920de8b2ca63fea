package io.clipvq.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.diffusion.DenoiserNet;
import io.clipvq.trainer.nn.Initializer;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.vqgan.VqGanNet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Autograd gradients of the trainer's models against central finite differences, for a batch of two (where
 * libtorch's own convolution gave wrong input gradients, docs/training-memory.md): a few entries of every weight
 * tensor, for a smooth scalar of the model's output, sum(output * r) with fixed random r.
 */
class GradientCheckTest {
    private static final float STEP = 1e-2f;
    private static final int ENTRIES_PER_TENSOR = 3;

    @Test
    void should_match_finite_differences_for_the_vqgan() {
        VqGanSpec spec = new VqGanSpec(8, 4, 4, 4, 2, 8);
        SplittableRandom random = new SplittableRandom(5);
        float[] images = uniform(random, 2 * 3 * 64, 0, 1);
        float[] gumbel = uniform(random, 2 * 8 * 16, -1, 1);
        float[] weights = uniform(random, 2 * 3 * 64, -1, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Parameters params = Parameters.of(m, spec.layout(), Initializer.initialWeights(spec.layout(), 9));
            VqGanNet net = new VqGanNet(spec, params);
            assertMatchesFiniteDifferences(params, random, mm -> {
                NDArray x = Tensors.owned(mm, images, new Shape(2, 3, 8, 8));
                NDArray z = net.quantizeSoft(net.encodeLogits(x), Tensors.owned(mm, gumbel, new Shape(2, 8, 4, 4)), 0.7);
                return net.decodeHead(net.decodeTrunk(z)).mul(Tensors.owned(mm, weights, new Shape(2, 3, 8, 8))).sum();
            });
        }
    }

    @Test
    void should_match_finite_differences_for_the_denoiser_with_a_convolutional_mlp() {
        DenoiserSpec spec = new DenoiserSpec(6, 2, 2, 16, 1, 2, 2, 4, 5, DenoiserSpec.Mlp.CONV3X3);
        SplittableRandom random = new SplittableRandom(6);
        long[] codes = {0, 6, 3, 1, 6, 6, 2, 5};
        float[] cond = uniform(random, 2 * 4, -1, 1);
        float[] weights = uniform(random, 2 * 4 * 6, -1, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Parameters params = Parameters.of(m, spec.layout(), Initializer.initialWeights(spec.layout(), 4));
            DenoiserNet net = new DenoiserNet(spec, params);
            assertMatchesFiniteDifferences(params, random, mm -> net.logProbsByPosition(
                    Tensors.owned(mm, codes, new Shape(2, 4)), Tensors.owned(mm, new long[] {1, 3}),
                    Tensors.owned(mm, cond, new Shape(2, 4))).mul(Tensors.owned(mm, weights, new Shape(2, 4, 6))).sum());
        }
    }

    private static void assertMatchesFiniteDifferences(Parameters params, SplittableRandom random,
                                                       Function<NDManager, NDArray> objective) {
        NDManager m = params.manager();
        Map<String, float[]> analytic = new LinkedHashMap<>();
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(objective.apply(m));
            for (String name : params.names()) {
                analytic.put(name, params.get(name).getGradient().toFloatArray());
            }
        }
        params.zeroGradients();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String name : params.names()) {
            NDArray weight = params.get(name);
            float[] values = weight.toFloatArray();
            for (int e = 0; e < ENTRIES_PER_TENSOR; e++) {
                int i = random.nextInt(values.length);
                // Richardson's extrapolation of two central differences: error O(h^4) instead of O(h^2)
                double coarse = centralDifference(weight, values, i, STEP, objective, m);
                double fine = centralDifference(weight, values, i, STEP / 2, objective, m);
                double numeric = (4 * fine - coarse) / 3;
                double exact = analytic.get(name)[i];
                checked++;
                if (Math.abs(numeric - exact) > 2e-3 + 0.02 * Math.abs(exact)) {
                    mismatches.add(String.format("%s[%d]: autograd %.5g, finite differences %.5g", name, i, exact, numeric));
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(mismatches).isEmpty();
    }

    private static double centralDifference(NDArray weight, float[] values, int i, float step,
                                            Function<NDManager, NDArray> objective, NDManager m) {
        float original = values[i];
        values[i] = original + step;
        double plus = evaluate(weight, values, objective, m);
        values[i] = original - step;
        double minus = evaluate(weight, values, objective, m);
        values[i] = original;
        Tensors.copyInto(weight, values);
        return (plus - minus) / ((double) (original + step) - (original - step));
    }

    private static double evaluate(NDArray weight, float[] values, Function<NDManager, NDArray> objective, NDManager m) {
        Tensors.copyInto(weight, values);
        try (NDScope ignored = new NDScope()) {
            return objective.apply(m).getFloat();
        }
    }

    private static float[] uniform(SplittableRandom random, int n, double low, double high) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return v;
    }
}
