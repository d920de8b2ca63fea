package io.clipvq.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma & Ba) over named parameters, with its moments kept as named tensors so that a checkpoint can
 * store and restore them exactly. Written out rather than taken from DJL's Trainer so that the step, the state
 * and the parameter names are all under the trainer's control.
 */
public final class Adam implements AutoCloseable {
    private final List<Parameters> groups;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
    private long step;

    private Adam(Builder b) {
        this.groups = List.copyOf(b.groups);
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.manager = groups.get(0).manager().getParentManager().newSubManager();
        for (Parameters p : groups) {
            for (String name : p.names()) {
                if (firstMoment.containsKey(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' belongs to two groups of one optimizer");
                }
                firstMoment.put(name, manager.zeros(p.get(name).getShape()));
                secondMoment.put(name, manager.zeros(p.get(name).getShape()));
            }
        }
    }

    public static Builder builder(Parameters... groups) {
        return new Builder(List.of(groups));
    }

    /** Applies one update at the full learning rate from the gradients the last backward pass left, then clears them. */
    public void step() {
        step(1);
    }

    /**
     * Applies one update at {@code rateFactor} times the learning rate (a schedule's share, see {@link RateSchedule}),
     * then clears the gradients. The moments do not depend on the rate, so a schedule only scales the update.
     */
    public void step(double rateFactor) {
        if (!(rateFactor >= 0) || !Double.isFinite(rateFactor)) {
            throw new IllegalArgumentException("rate factor must be a finite number >= 0, got " + rateFactor);
        }
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        double stepSize = learningRate * rateFactor / correction1;
        try (NDScope ignored = new NDScope()) {
            // the step's constants, made once (every moment is float32 in this optimizer's manager)
            NDArray any = firstMoment.values().iterator().next();
            NDArray b1 = Tensors.scalar(any, beta1);
            NDArray oneMinusB1 = Tensors.scalar(any, 1 - beta1);
            NDArray b2 = Tensors.scalar(any, beta2);
            NDArray oneMinusB2 = Tensors.scalar(any, 1 - beta2);
            NDArray c2 = Tensors.scalar(any, correction2);
            NDArray eps = Tensors.scalar(any, epsilon);
            NDArray size = Tensors.scalar(any, stepSize);
            for (Parameters p : groups) {
                for (String name : p.names()) {
                    NDArray param = p.get(name);
                    NDArray grad = param.getGradient();
                    NDArray m = firstMoment.get(name);
                    NDArray v = secondMoment.get(name);
                    m.muli(b1).addi(grad.mul(oneMinusB1));
                    v.muli(b2).addi(grad.square().mul(oneMinusB2));
                    NDArray denominator = v.div(c2).sqrt().add(eps);
                    param.subi(m.div(denominator).mul(size));
                    grad.subi(grad);
                }
            }
        }
    }

    /** The global L2 norm of the gradients the last backward pass left, over every parameter of every group. */
    public double gradientNorm() {
        double sumOfSquares = 0;
        try (NDScope ignored = new NDScope()) {
            for (Parameters p : groups) {
                for (String name : p.names()) {
                    sumOfSquares += p.get(name).getGradient().square().sum().getFloat();
                }
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales the gradients down so that their global norm is at most {@code maxNorm} (as PyTorch's clip_grad_norm_;
     * infinity: only measures), and returns the norm they had. A rare outlier gradient would otherwise enter both moments at full size: the
     * next updates then move every weight by about 3 learning rates along it.
     */
    public double clipGradientNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the maximum gradient norm must be > 0, got " + maxNorm);
        }
        double norm = gradientNorm();
        if (Double.isFinite(norm) && norm > maxNorm) {
            try (NDScope ignored = new NDScope()) {
                NDArray scale = Tensors.scalar(firstMoment.values().iterator().next(), maxNorm / norm);
                for (Parameters p : groups) {
                    for (String name : p.names()) {
                        p.get(name).getGradient().muli(scale);
                    }
                }
            }
        }
        return norm;
    }

    public long stepCount() {
        return step;
    }

    /** First and second moments by parameter name (copies), for a checkpoint. */
    public Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        firstMoment.forEach((n, a) -> out.put("m." + n, a.toFloatArray()));
        secondMoment.forEach((n, a) -> out.put("v." + n, a.toFloatArray()));
        return out;
    }

    public void restore(long stepCount, Map<String, float[]> state) {
        List<String> missing = new ArrayList<>();
        firstMoment.forEach((n, a) -> copyInto(state, "m." + n, a, missing));
        secondMoment.forEach((n, a) -> copyInto(state, "v." + n, a, missing));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("optimizer state lacks or mis-sizes " + missing);
        }
        this.step = stepCount;
    }

    private static void copyInto(Map<String, float[]> state, String key, NDArray target, List<String> missing) {
        float[] values = state.get(key);
        if (values == null || values.length != target.size()) {
            missing.add(key);
        } else {
            Tensors.copyInto(target, values);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Settings with PyTorch's defaults except the learning rate. */
    public static final class Builder {
        private final List<Parameters> groups;
        private double learningRate = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;

        private Builder(List<Parameters> groups) {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("Adam needs at least one parameter group");
            }
            this.groups = groups;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
