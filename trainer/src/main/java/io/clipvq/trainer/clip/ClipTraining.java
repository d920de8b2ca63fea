package io.clipvq.trainer.clip;

import io.clipvq.trainer.data.EpochOrder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipvq.contracts.Seeds;
import io.clipvq.modelbuild.graphs.ClipImageTowerSpec;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.optim.Adam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contrastive training of the Shapes world's CLIP: each step takes a batch of captioned pairs, embeds the images
 * and the captions, and takes an Adam step on the symmetric InfoNCE loss ({@link ContrastiveLoss}), the towers
 * and the logit scale together. Batches walk through a fresh seeded permutation of the pairs every epoch (the
 * last partial batch of an epoch is dropped), so the batch of a step depends only on the seed and the step, and a
 * resumed run sees the same batches as an uninterrupted one.
 */
public final class ClipTraining implements AutoCloseable {
    public static final String CHECKPOINT_KIND = "clip";
    private static final long STREAM_INIT = 1;
    private static final long STREAM_EPOCH_ORDER = 2;

    private final CaptionedPairs data;
    private final ClipTrainingConfig config;
    private final ClipModel model;
    private final Adam adam;
    private final int stepsPerEpoch;
    private long step;

    public ClipTraining(NDManager manager, ClipTextSpec textSpec, ClipImageTowerSpec imageSpec, CaptionedPairs data,
                        ClipTrainingConfig config) {
        if (data.size() < config.batchSize()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " exceeds the " + data.size()
                    + " captioned pairs");
        }
        if (textSpec.contextLength() != data.contextLength()) {
            throw new IllegalArgumentException("the text tower takes " + textSpec.contextLength() + " tokens, the pairs have "
                    + data.contextLength());
        }
        this.data = data;
        this.config = config;
        this.model = ClipModel.initial(manager, textSpec, imageSpec, Seeds.derive(config.seed(), STREAM_INIT));
        this.adam = Adam.builder(model.params()).optLearningRate(config.learningRate()).build();
        this.stepsPerEpoch = data.size() / config.batchSize();
    }

    /** What one step measured. */
    public record StepResult(long step, long epoch, double loss, double temperature) {
    }

    public StepResult step() {
        int batch = config.batchSize();
        int context = data.contextLength();
        int[] indices = batchIndices(step);
        long[] ids = data.tokens(indices);
        int used = ClipTextTower.usedLength(ids, batch, context);
        long[] cut = new long[batch * used];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids, b * context, cut, b * used, used);
        }
        float[] pixels = data.pixels(indices);
        int s = model.imageSpec().imageSize();
        NDManager m = model.params().manager();
        double lossValue;
        double logitScale;
        try (NDScope ignored = new NDScope()) {
            NDArray idArray = Tensors.owned(m, cut, new Shape(batch, used));
            NDArray pixelArray = Tensors.owned(m, pixels, new Shape(batch, 3, s, s));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ContrastiveLoss.loss(model.image().forward(pixelArray), model.text().forward(idArray),
                        model.logitScale());
                lossValue = loss.getFloat();
                if (!Double.isFinite(lossValue)) {
                    // refuse before the update, so the weights (and the last checkpoint) stay usable
                    throw new IllegalStateException("CLIP loss became " + lossValue + " at step " + step
                            + " (batch of epoch " + step / stepsPerEpoch + "); the weights were not updated");
                }
                collector.backward(loss);
            }
            adam.step(config.rateFactor(step));
            logitScale = Math.min(model.logitScale().getFloat(), ContrastiveLoss.MAX_LOGIT_SCALE);
        }
        long epoch = step / stepsPerEpoch;
        step++;
        return new StepResult(step, epoch, lossValue, Math.exp(-logitScale));
    }

    /** The pair indices of batch {@code step}: a slice of the permutation of its epoch. */
    int[] batchIndices(long stepIndex) {
        long epoch = stepIndex / stepsPerEpoch;
        int slot = (int) (stepIndex % stepsPerEpoch);
        int[] order = EpochOrder.shuffled(data.size(), Seeds.derive(Seeds.derive(config.seed(), STREAM_EPOCH_ORDER), epoch));
        int[] out = new int[config.batchSize()];
        System.arraycopy(order, slot * config.batchSize(), out, 0, out.length);
        return out;
    }

    public long stepCount() {
        return step;
    }

    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    public ClipModel model() {
        return model;
    }

    public Checkpoint checkpoint() {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        model.params().toFloatMap().forEach((n, v) -> tensors.put("model." + n, v));
        adam.state().forEach((n, v) -> tensors.put("adam." + n, v));
        return new Checkpoint(CHECKPOINT_KIND, step, tensors, Map.of(), Map.of(
                "adam.step", new long[] {adam.stepCount()},
                ClipSpecs.TEXT_KEY, ClipSpecs.of(model.textSpec()),
                ClipSpecs.IMAGE_KEY, ClipSpecs.of(model.imageSpec()),
                "seed", new long[] {config.seed()},
                "batch", new long[] {config.batchSize(), data.size()}));
    }

    /** Continues from a checkpoint of a run with the same sizes, seed, batch size and data size. */
    public void restore(Checkpoint c) {
        c.requireKind(CHECKPOINT_KIND);
        Checkpoint mine = checkpoint();
        for (String key : new String[] {ClipSpecs.TEXT_KEY, ClipSpecs.IMAGE_KEY, "seed", "batch"}) {
            if (!java.util.Arrays.equals(mine.longs(key), c.longs(key))) {
                throw new IllegalArgumentException("the checkpoint was made with " + key + " "
                        + java.util.Arrays.toString(c.longs(key)) + ", this run has "
                        + java.util.Arrays.toString(mine.longs(key)) + "; use the same options or a new output folder");
            }
        }
        model.params().load(c.tensorsWithPrefix("model."));
        adam.restore(c.longs("adam.step")[0], c.tensorsWithPrefix("adam."));
        step = c.step();
    }

    @Override
    public void close() {
        adam.close();
        model.close();
    }
}
