package io.clipvq.contracts;

/**
 * How seeds are derived, defined once so that every component (worker, bulk planner, trainer evaluation)
 * reproduces the same images from the same request.
 *
 * <p>A prompt's seed is {@code derive(jobSeed, promptIndex)}; a candidate's seed is
 * {@code derive(promptSeed, candidateIndex)}; image i of a bulk job uses {@code derive(seedBase, i)} as its
 * prompt seed. SplitMix64 finalisation is used because neighbouring inputs must give unrelated streams.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long parent, long index) {
        return mix64(parent ^ mix64(index + 0x9E3779B97F4A7C15L));
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014); the engine's per-candidate random stream uses it too. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
