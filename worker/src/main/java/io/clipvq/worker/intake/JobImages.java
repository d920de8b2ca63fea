package io.clipvq.worker.intake;

import java.util.List;
import java.util.Set;

/**
 * The images table: the kept images of single jobs. (job, prompt, rank) is unique, so an image can never be
 * recorded twice.
 */
public interface JobImages {

    /** Ranks of the prompt's images already recorded. */
    Set<Integer> recordedRanks(String jobId, int promptIndex);

    /** Prompts with all their kept images recorded. */
    List<Integer> completedPrompts(String jobId, int keepPerPrompt);

    /** Records one image unless (job, prompt, rank) is recorded already. @return true when this call inserted it */
    boolean record(Image image);

    long count(String jobId);

    /** Records that the image's image-written event was acknowledged. */
    void markAnnounced(String jobId, int promptIndex, int rank);

    /**
     * The job's images whose event may not have been sent (a worker stopped between recording and announcing them),
     * by prompt then rank.
     */
    List<Image> unannounced(String jobId);

    /** Every recorded image of the job, by prompt then rank (a read: the HTTP API shows a job with it). */
    List<Image> list(String jobId);
}
