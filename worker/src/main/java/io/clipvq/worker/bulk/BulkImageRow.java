package io.clipvq.worker.bulk;

/**
 * One generated image of a bulk job, as recorded in bulk_images and listed in its shard's manifest.
 *
 * @param seed          the image's prompt seed, {@code Seeds.derive(seedBase, imageIndex)}
 * @param candidateSeed the seed of the candidate that won the CLIP ranking
 * @param clipEmbedding the image's L2-normalised CLIP image embedding (for the diversity measures), or null
 */
public record BulkImageRow(String jobId, long imageIndex, int shardIndex, int promptIndex, int repeatIndex,
                           int candidateIndex, long seed, long candidateSeed, double clipScore, String objectKey,
                           String sha256, int width, int height, float[] clipEmbedding) {
}
