package io.clipvq.engine.sampler;

/**
 * The random stream of one candidate: SplitMix64 (Steele, Lea, Flood 2014), written out here so that the same
 * seed gives the same draws on every JVM, forever (java.util.Random's algorithms are not a contract we own).
 * Seeds come from {@code io.clipvq.contracts.Seeds.derive(promptSeed, candidateIndex)}.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in the open interval (0, 1): neither end, so that {@code -log(u)} is finite and non-zero. */
    public double nextOpenUnit() {
        return ((nextLong() >>> 12) + 0.5) * 0x1.0p-52;
    }
}
