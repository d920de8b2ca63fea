package io.clipvq.worker.api;

/**
 * One kept image of a job.
 *
 * @param rank 0 = the best CLIP score among the prompt's candidates
 * @param url  a presigned GET URL of the PNG, valid for clipvq-api.image-url-expiry-s seconds from the answer
 */
public record ImageView(int promptIndex, int rank, String prompt, double clipScore, String sha256, String objectKey,
                        int width, int height, String url) {
}
