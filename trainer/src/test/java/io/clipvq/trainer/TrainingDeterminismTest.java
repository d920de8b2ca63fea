package io.clipvq.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.clip.CaptionedPairs;
import io.clipvq.trainer.clip.ClipTraining;
import io.clipvq.trainer.clip.ClipTrainingConfig;
import io.clipvq.trainer.data.ImageDataset;
import io.clipvq.trainer.diffusion.CodeDataset;
import io.clipvq.trainer.diffusion.DiffusionConfig;
import io.clipvq.trainer.diffusion.DiffusionTraining;
import io.clipvq.trainer.vqgan.VqGanConfig;
import io.clipvq.trainer.vqgan.VqGanTraining;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * One seeded step of each trainer, taken 200 times in one JVM from a fresh start, gives bit-identical loss and
 * gradients at one thread, while another thread keeps the garbage collector freeing and reusing direct memory
 * (the condition under which the old trainer read freed memory, docs/training-memory.md); at two threads it agrees
 * to float tolerance. The gradients are read from the checkpoint after the step: Adam's first moment after one
 * step is (1 - beta1) g, its second (1 - beta2) g^2, so equal moments mean equal gradients.
 */
class TrainingDeterminismTest {
    private static final int REPEATS = Integer.getInteger("clipvq.determinism.repeats", 200);
    private static final VqGanSpec VQGAN = new VqGanSpec(8, 4, 4, 4, 2, 8);
    private static final DenoiserSpec DENOISER = new DenoiserSpec(6, 2, 2, 16, 1, 2, 2, 4, 5);
    private static final ClipTextSpec CLIP_TEXT = ClipTextSpec.of(16, 1, 2, 16);
    private static final ClipImageSpec CLIP_IMAGE = new ClipImageSpec(32, 8, 16, 1, 2, 4, 16);

    private MemoryChurn churn;
    private int threadsBefore;

    @BeforeEach
    void start() {
        Engine.getInstance();   // loads libtorch before its thread settings are touched
        threadsBefore = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        assertThat(JniUtils.getNumThreads()).as("libtorch threads").isEqualTo(1);
        churn = new MemoryChurn();
    }

    @AfterEach
    void stop() throws InterruptedException {
        churn.close();
        JniUtils.setNumThreads(threadsBefore);
    }

    @Test
    void should_repeat_a_vqgan_step_with_its_discriminator_bit_for_bit() {
        ImageDataset images = tinyImages();
        // the discriminator starts at step 0, so the step has the adaptive weight's side graphs and both updates
        VqGanConfig config = VqGanConfig.defaults(5).withBatchSize(2).withLearningRate(1e-3).withDiscriminator(0, 4, 1);
        assertRepeatable(manager -> {
            try (VqGanTraining training = new VqGanTraining(manager, VQGAN, images, config)) {
                VqGanTraining.StepResult r = training.step();
                assertThat(r.adaptiveWeight()).isPositive();
                return new Outcome(r.loss() + r.discriminatorLoss(), training.checkpoint().tensors());
            }
        });
    }

    @Test
    void should_repeat_a_diffusion_step_bit_for_bit() {
        CodeDataset codes = tinyCodes();
        DiffusionSchedule schedule = DiffusionSchedule.standard(6, 5);
        DiffusionConfig config = DiffusionConfig.defaults(42).withBatchSize(8).withLearningRate(3e-3).withEmaDecay(0.9);
        assertRepeatable(manager -> {
            try (DiffusionTraining training = new DiffusionTraining(manager, DENOISER, schedule, codes, config)) {
                DiffusionTraining.StepResult r = training.step();
                return new Outcome(r.loss(), training.checkpoint().tensors());
            }
        });
    }

    @Test
    void should_repeat_a_clip_step_bit_for_bit() {
        CaptionedPairs pairs = new CaptionedPairs(ShapesDataset.builder().optSeed(3).build().captioned(16),
                ClipTokenizer.openDefault(), ClipPreprocessor.builder().optImageSize(32).build());
        ClipTrainingConfig config = new ClipTrainingConfig(8, 1e-3, 1);
        assertRepeatable(manager -> {
            try (ClipTraining training = new ClipTraining(manager, CLIP_TEXT, CLIP_IMAGE, pairs, config)) {
                ClipTraining.StepResult r = training.step();
                return new Outcome(r.loss(), training.checkpoint().tensors());
            }
        });
    }

    /** The loss and the tensors after one step: weights and Adam's moments, which carry the gradients. */
    private record Outcome(double loss, Map<String, float[]> tensors) {
    }

    private static void assertRepeatable(Function<NDManager, Outcome> oneStep) {
        Outcome first = run(oneStep);
        assertThat(first.loss()).isFinite();
        assertThat(first.tensors().keySet()).anyMatch(k -> k.contains(".m."));
        List<Integer> different = new ArrayList<>();
        for (int i = 1; i < REPEATS; i++) {
            Outcome again = run(oneStep);
            if (Double.doubleToLongBits(again.loss()) != Double.doubleToLongBits(first.loss()) || !same(first, again)) {
                different.add(i);
            }
        }
        assertThat(different).as("repetitions that differ from the first at 1 thread").isEmpty();

        JniUtils.setNumThreads(2);
        assertThat(JniUtils.getNumThreads()).as("libtorch threads").isEqualTo(2);
        Outcome twoThreads = run(oneStep);
        JniUtils.setNumThreads(1);
        assertThat(twoThreads.loss()).isCloseTo(first.loss(), withinPercentage(1e-3));
        first.tensors().forEach((name, values) -> {
            float[] other = twoThreads.tensors().get(name);
            for (int i = 0; i < values.length; i++) {
                double tolerance = 1e-5 + 1e-3 * Math.abs(values[i]);
                assertThat((double) other[i]).as("%s[%d] at 2 threads", name, i).isCloseTo(values[i],
                        within(tolerance));
            }
        });
    }

    private static Outcome run(Function<NDManager, Outcome> oneStep) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return oneStep.apply(manager);
        }
    }

    private static boolean same(Outcome a, Outcome b) {
        if (!a.tensors().keySet().equals(b.tensors().keySet())) {
            return false;
        }
        return a.tensors().entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.tensors().get(e.getKey())));
    }

    private static ImageDataset tinyImages() {
        SplittableRandom random = new SplittableRandom(11);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] img = new float[3 * 64];
            for (int j = 0; j < img.length; j++) {
                img[j] = (float) random.nextDouble();
            }
            images.add(img);
        }
        return new ImageDataset(images, 8);
    }

    private static CodeDataset tinyCodes() {
        SplittableRandom random = new SplittableRandom(1);
        List<long[]> codes = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long[] grid = new long[4];
            float[] e = new float[4];
            for (int n = 0; n < 4; n++) {
                grid[n] = random.nextInt(6);
                e[n] = (float) random.nextGaussian();
            }
            codes.add(grid);
            embeddings.add(e);
        }
        return new CodeDataset(codes, embeddings);
    }

    /** A thread that keeps dropping direct buffers and running the collector, so freed memory is reused at once. */
    private static final class MemoryChurn implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile byte[] sink;

        MemoryChurn() {
            thread = new Thread(() -> {
                long round = 0;
                while (running) {
                    // heap garbage keeps young collections frequent; they free the dropped direct buffers
                    for (int j = 0; j < 16; j++) {
                        ByteBuffer.allocateDirect(64).putFloat(0, 1e19f);
                        sink = new byte[1 << 16];
                    }
                    if (++round % 200 == 0) {
                        System.gc();
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-churn");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
