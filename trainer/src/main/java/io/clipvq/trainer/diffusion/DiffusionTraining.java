package io.clipvq.trainer.diffusion;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipvq.contracts.Seeds;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.nn.Initializer;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.optim.Adam;
import io.clipvq.trainer.optim.Ema;
import io.clipvq.trainer.optim.GradientTripwire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Language-free training of the diffusion decoder (docs/method.md#language-free-training): each step noises the codes
 * of a batch with the engine's mask-and-replace schedule at importance-sampled timesteps, conditions on pseudo text
 * embeddings (or on the learned null condition with probability p, for classifier-free guidance), takes one Adam step
 * on the VLB + auxiliary loss and updates the EMA of the weights.
 *
 * <p>Everything random in step s is drawn from streams seeded by (seed, s), so the run is a pure function of the
 * seed, the data and the step count, and {@link #restore(Checkpoint)} continues it exactly.
 */
public final class DiffusionTraining implements AutoCloseable {
    public static final String NULL_CONDITION = "null_cond";
    private static final long STREAM_STEP_NOISE = 1;
    private static final long STREAM_BATCH_ORDER = 2;
    private static final String TRIPWIRE_STATE = "gradient_tripwire.mean_norm_and_outliers";

    private final DenoiserSpec spec;
    private final DiffusionSchedule schedule;
    private final CodeDataset data;
    private final DiffusionConfig config;
    private final Parameters params;
    private final Parameters nullCondition;
    private final DenoiserNet net;
    private final DiffusionLoss loss;

    private final Adam adam;
    private GradientTripwire tripwire = new GradientTripwire();
    private final Ema ema;
    private TimestepSampler sampler;
    private long step;

    public DiffusionTraining(NDManager manager, DenoiserSpec spec, DiffusionSchedule schedule, CodeDataset data,
                             DiffusionConfig config) {
        if (schedule.numCodes() != spec.codebookSize() || schedule.numSteps() != spec.timesteps()) {
            throw new IllegalArgumentException("schedule " + schedule + " does not fit the denoiser (K="
                    + spec.codebookSize() + ", T=" + spec.timesteps() + ")");
        }
        if (data.sequenceLength() != spec.sequenceLength() || data.embeddingDim() != spec.clipDim()) {
            throw new IllegalArgumentException("dataset items have " + data.sequenceLength() + " codes and "
                    + data.embeddingDim() + "-d embeddings; the denoiser expects N=" + spec.sequenceLength()
                    + " and D=" + spec.clipDim());
        }
        this.spec = spec;
        this.schedule = schedule;
        this.data = data;
        this.config = config;
        this.params = Parameters.of(manager, spec.layout(), Initializer.initialWeights(spec.layout(), config.seed()));
        WeightLayout nullLayout = nullConditionLayout(spec.clipDim());
        this.nullCondition = Parameters.of(manager, nullLayout, Initializer.initialWeights(nullLayout, Seeds.derive(config.seed(), 3)));
        this.net = new DenoiserNet(spec, params);
        this.loss = new DiffusionLoss(schedule, config.auxWeight());
        this.adam = Adam.builder(params, nullCondition).optLearningRate(config.learningRate()).build();
        this.ema = new Ema(params, config.emaDecay());
        this.sampler = new TimestepSampler(spec.timesteps());
    }

    static WeightLayout nullConditionLayout(int clipDim) {
        return WeightLayout.builder().normal(NULL_CONDITION, clipDim).build();
    }

    /** What one step measured; {@code gradientNorm} is the norm before any clipping. */
    public record StepResult(long step, double loss, double meanVlb, double meanAux, double gradientNorm) {
    }

    public StepResult step() {
        int batch = config.batchSize();
        int n = spec.sequenceLength();
        int d = spec.clipDim();
        SplittableRandom random = new SplittableRandom(Seeds.derive(Seeds.derive(config.seed(), STREAM_STEP_NOISE), step));
        int[] items = data.batchIndices(step, batch, Seeds.derive(config.seed(), STREAM_BATCH_ORDER));
        TimestepSampler.Draw draw = sampler.sample(random, batch);
        long[] x0 = new long[batch * n];
        long[] xt = new long[batch * n];
        float[] cond = new float[batch * d];
        float[] useNull = new float[batch];
        for (int b = 0; b < batch; b++) {
            long[] codes = data.codes(items[b]);
            for (int i = 0; i < n; i++) {
                x0[b * n + i] = codes[i];
                xt[b * n + i] = schedule.noise(draw.t()[b], (int) codes[i], random.nextDouble());
            }
            float[] h = PseudoTextCondition.perturb(data.embedding(items[b]), config.alpha(), random);
            System.arraycopy(h, 0, cond, b * d, d);
            useNull[b] = random.nextDouble() < config.nullProbability() ? 1f : 0f;
        }
        double total;
        float[] vlb;
        float[] aux;
        NDManager m = params.manager();
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray nullVec = nullCondition.get(NULL_CONDITION);
            NDArray nullUnit = nullVec.div(nullVec.norm()).reshape(1, d);
            NDArray select = Tensors.owned(m, useNull, new Shape(batch, 1));
            NDArray keep = select.neg().add(Tensors.scalar(select, 1));
            NDArray condition = Tensors.owned(m, cond, new Shape(batch, d)).mul(keep).add(nullUnit.mul(select));
            long[] timeIndex = new long[batch];
            for (int b = 0; b < batch; b++) {
                timeIndex[b] = draw.t()[b] - 1;
            }
            NDArray x0Array = Tensors.owned(m, x0, new Shape(batch, n));
            NDArray logProbs = net.logProbsByPosition(Tensors.owned(m, xt, new Shape(batch, n)), Tensors.owned(m, timeIndex), condition);
            DiffusionLoss.Terms terms = loss.terms(logProbs, x0Array, Tensors.owned(m, xt, new Shape(batch, n)), draw.t());
            NDArray value = loss.total(terms, draw.t(), draw.pt(), n);
            collector.backward(value);
            total = value.getFloat();
            vlb = terms.vlb().toFloatArray();
            aux = terms.aux().toFloatArray();
        }
        long stepIndex = step;
        // one pass measures and clips; the tripwire sees the norm from before clipping and stops a non-finite step
        double gradientNorm = adam.clipGradientNorm(config.maxGradientNorm());
        tripwire.record(total, gradientNorm, stepIndex);
        step++;
        adam.step(config.rateSchedule().factor(stepIndex));
        ema.update();
        sampler.update(draw.t(), vlb);
        return new StepResult(step, total, mean(vlb), mean(aux), gradientNorm);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    public long stepCount() {
        return step;
    }

    public DenoiserSpec spec() {
        return spec;
    }

    public DenoiserNet net() {
        return net;
    }

    /** The weights to export: the EMA of the denoiser's weights. */
    public Map<String, float[]> exportWeights() {
        return ema.weights();
    }

    /** The learned null condition, normalised as it is used in training and at sampling. */
    public float[] nullCondition() {
        float[] v = nullCondition.get(NULL_CONDITION).toFloatArray();
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    public Checkpoint checkpoint() {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        params.toFloatMap().forEach((k, v) -> tensors.put("model." + k, v));
        nullCondition.toFloatMap().forEach((k, v) -> tensors.put("model." + k, v));
        ema.weights().forEach((k, v) -> tensors.put("ema." + k, v));
        adam.state().forEach((k, v) -> tensors.put("adam." + k, v));
        Map<String, double[]> doubles = Map.of("sampler.mean_square", sampler.meanSquare(),
                TRIPWIRE_STATE, tripwire.state());
        Map<String, long[]> longs = Map.of("sampler.seen", sampler.seen(), "adam.step", new long[] {adam.stepCount()},
                ModelSpecs.KEY, ModelSpecs.of(spec), "seed", new long[] {config.seed()});
        return new Checkpoint("diffusion", step, tensors, doubles, longs);
    }

    public void restore(Checkpoint c) {
        c.requireKind("diffusion");
        params.load(c.tensorsWithPrefix("model."));
        nullCondition.load(c.tensorsWithPrefix("model."));
        ema.restore(c.tensorsWithPrefix("ema."));
        adam.restore(c.longs("adam.step")[0], c.tensorsWithPrefix("adam."));
        sampler = new TimestepSampler(spec.timesteps(), c.doubles("sampler.mean_square"), c.longs("sampler.seen"));
        step = c.step();
        // older checkpoints have no tripwire state: it starts afresh
        tripwire = c.hasDoubles(TRIPWIRE_STATE) ? GradientTripwire.fromState(c.doubles(TRIPWIRE_STATE)) : new GradientTripwire();
    }

    /** Steps so far whose gradient norm lay far above the running mean (see {@link GradientTripwire}). */
    public long outlierSteps() {
        return tripwire.outliers();
    }

    @Override
    public void close() {
        ema.close();
        adam.close();
        nullCondition.close();
        params.close();
    }
}
