package io.clipvq.engine.sampler;

/**
 * Which timesteps a run with {@code steps} network evaluations visits: {@code t_i = floor(T * (steps - i) / steps)}
 * for i = 0..steps, so t_0 = T, t_steps = 0, strictly decreasing (steps <= T). Step i evaluates the network at
 * t_i and jumps to t_{i+1}.
 */
final class SamplingTimesteps {
    private SamplingTimesteps() {
    }

    static int[] of(int numTimesteps, int steps) {
        if (steps < 1 || steps > numTimesteps) {
            throw new IllegalArgumentException("steps must lie in 1.." + numTimesteps + " (T), got " + steps);
        }
        int[] ts = new int[steps + 1];
        for (int i = 0; i <= steps; i++) {
            ts[i] = (int) ((long) numTimesteps * (steps - i) / steps);
        }
        return ts;
    }
}
