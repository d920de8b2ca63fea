package io.clipvq.worker.bulk;

/**
 * One line of a shard manifest (JSONL): where the image is, what made it, and its checksum.
 *
 * @param seed          the image's prompt seed, {@code Seeds.derive(seedBase, imageIndex)}
 * @param candidateSeed the winning candidate's seed, {@code Seeds.derive(seed, candidateIndex)}
 */
public record ManifestEntry(long imageIndex, String objectKey, String prompt, int promptIndex, int repeat, long seed,
                            int candidateIndex, long candidateSeed, double clipScore, String sha256, int width,
                            int height) {
}
