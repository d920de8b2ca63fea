package io.clipvq.worker.generation;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.engine.GeneratedImage;

import java.util.List;

/**
 * The worker's side of the engine interface: one prompt of a job in, its kept images out. A job is generated
 * prompt by prompt so that a cancel takes effect between prompts and a crash loses at most one prompt's work.
 */
public interface PromptGenerator extends ModelCatalog {

    /**
     * @param model the model the job runs on (resolved once per job, so a job never mixes versions)
     * @return the prompt's kept images (request.keepPerPrompt() of them), best CLIP score first; the same images for
     * the same request, model and prompt index
     */
    List<GeneratedImage> generate(JobRequest request, ServableModel model, int promptIndex);
}
