package io.clipvq.trainer.vqgan;

/**
 * The Gumbel-softmax temperature of docs/method.md#temperature-schedule:
 * tau(n) = 0.01 + 0.445 (1 + cos(pi min(n / N, 1))), a cosine from 0.9 at step 0 down to 0.01 at step N and after.
 */
public record GumbelTemperature(long annealSteps) {
    public static final double START = 0.9;
    public static final double END = 0.01;

    public GumbelTemperature {
        if (annealSteps < 1) {
            throw new IllegalArgumentException("annealSteps must be >= 1, got " + annealSteps);
        }
    }

    public double at(long step) {
        double progress = Math.min((double) step / annealSteps, 1.0);
        return END + 0.5 * (START - END) * (1 + Math.cos(Math.PI * progress));
    }
}
