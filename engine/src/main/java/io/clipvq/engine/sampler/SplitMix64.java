package io.clipvq.engine.sampler;

import io.clipvq.contracts.Seeds;

/**
 * The random stream of one candidate: SplitMix64 (Steele, Lea, Flood 2014), written out here so that the same
 * seed gives the same draws on every JVM, forever (java.util.Random's algorithms are not a contract we own).
 * Seeds come from {@code io.clipvq.contracts.Seeds.derive(promptSeed, candidateIndex)}.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        return Seeds.mix64(state += 0x9E3779B97F4A7C15L);
    }

    /** Uniform in the open interval (0, 1): neither end, so that {@code -log(u)} is finite and non-zero. */
    double nextOpenUnit() {
        return ((nextLong() >>> 12) + 0.5) * 0x1.0p-52;
    }
}
