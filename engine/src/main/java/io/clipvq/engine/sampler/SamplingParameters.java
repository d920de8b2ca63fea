package io.clipvq.engine.sampler;

/**
 * What a sampling run needs besides the network: number of steps actually run, guidance scale s (1 = off: no
 * null rows are evaluated) and truncation r in (0, 1] (1 = off).
 */
public record SamplingParameters(int steps, double guidanceScale, double truncation) {
    public SamplingParameters {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!Double.isFinite(guidanceScale)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + guidanceScale);
        }
        if (!(truncation > 0.0 && truncation <= 1.0)) {
            throw new IllegalArgumentException("truncation r must lie in (0, 1], got " + truncation);
        }
    }

    /** Whether the null-condition rows are needed (s != 1). */
    public boolean guided() {
        return guidanceScale != 1.0;
    }
}
