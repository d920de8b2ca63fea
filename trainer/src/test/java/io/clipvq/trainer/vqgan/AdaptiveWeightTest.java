package io.clipvq.trainer.vqgan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.data.ImageDataset;
import io.clipvq.trainer.nn.Parameters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * taming's lambda = ||grad_W L_rec|| / (||grad_W L_G|| + 1e-4) at the last decoder layer, computed independently:
 * two full forward passes through encoder, quantizer and decoder, each with its own backward, reading the
 * gradient of the last layer's weight.
 */
class AdaptiveWeightTest {
    private static final VqGanSpec SPEC = new VqGanSpec(8, 4, 2, 2, 4, 6);

    @Test
    void should_equal_the_ratio_of_last_layer_gradient_norms_from_full_backward_passes() {
        SplittableRandom random = new SplittableRandom(2);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            float[] img = new float[3 * 64];
            for (int j = 0; j < img.length; j++) {
                img[j] = (float) random.nextDouble();
            }
            images.add(img);
        }
        float[] pixels = new float[2 * 3 * 64];
        System.arraycopy(images.get(0), 0, pixels, 0, 192);
        System.arraycopy(images.get(1), 0, pixels, 192, 192);
        float[] gumbel = new float[2 * 8 * 2 * 2];
        for (int i = 0; i < gumbel.length; i++) {
            gumbel[i] = (float) -Math.log(-Math.log(random.nextDouble()));
        }
        double tau = 0.7;
        VqGanConfig config = VqGanConfig.defaults(1).withBatchSize(2).withDiscriminator(0, 4, 1);
        try (NDManager m = NDManager.newBaseManager();
             VqGanTraining training = new VqGanTraining(m, SPEC, new ImageDataset(images, 8), config)) {
            double lambda = training.adaptiveWeightFor(pixels, gumbel, tau);
            double recNorm = lastLayerGradientNorm(training, m, pixels, gumbel, tau, true);
            double genNorm = lastLayerGradientNorm(training, m, pixels, gumbel, tau, false);
            assertThat(lambda).isGreaterThan(0.0);
            assertThat(lambda).isCloseTo(recNorm / (genNorm + 1e-4), within(1e-4 * lambda));
        }
    }

    private static double lastLayerGradientNorm(VqGanTraining training, NDManager m, float[] pixels, float[] gumbel,
                                                double tau, boolean reconstruction) {
        VqGanNet net = training.net();
        Parameters params = net.params();
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray images = m.create(pixels, new Shape(2, 3, 8, 8));
            NDArray logits = net.encodeLogits(images);
            NDArray xHat = net.decodeHead(net.decodeTrunk(net.quantizeSoft(logits, m.create(gumbel, logits.getShape()), tau)));
            NDArray loss = reconstruction
                    ? images.sub(xHat).abs().mean().add(GradientPyramidLoss.loss(images, xHat).mul((float) training.perceptualWeight()))
                    : training.discriminator().forward(xHat).mean().neg();
            collector.backward(loss);
            double norm = params.get(VqGanNet.LAST_LAYER + ".weight").getGradient().norm().getFloat();
            params.zeroGradients();
            training.discriminator().params().zeroGradients();
            return norm;
        }
    }
}
