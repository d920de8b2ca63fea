package io.clipvq.worker.generation;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.engine.GeneratedImage;

import java.util.List;

/**
 * The worker's side of the engine interface: some prompts of a job in, their kept images out. A job is generated a
 * few prompts at a time ({@link #promptsPerCall()}) so that a cancel takes effect between calls and a crash loses at
 * most one call's work.
 */
public interface PromptGenerator extends ModelCatalog {

    /**
     * @param model         the model the job runs on (resolved once per job, so a job never mixes versions)
     * @param promptIndices the prompts to generate, at most {@link #promptsPerCall()} of them
     * @return per prompt, in the order asked, its kept images (request.keepPerPrompt() of them), best CLIP score
     *         first; the same images for the same request, model and prompt index, whatever is generated with them
     */
    List<List<GeneratedImage>> generate(JobRequest request, ServableModel model, List<Integer> promptIndices);

    /** The most prompts of one job that one call generates. */
    int promptsPerCall();

    /**
     * Announces a job that will call {@link #generate} over a while, so that a call may wait briefly to share an
     * engine batch with its next prompts ({@link PromptBatcher#join()}); close it when the job stops generating.
     */
    default PromptBatcher.Participation join() {
        return () -> { };
    }
}
