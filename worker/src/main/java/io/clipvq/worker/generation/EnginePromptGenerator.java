package io.clipvq.worker.generation;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link PromptGenerator} on the worker's engines, through the {@link PromptBatcher} so that prompts of concurrent
 * jobs with the same model and settings share engine calls. Injectable as a PromptGenerator only: the engine cache
 * it resolves models with is the worker's one {@link ModelCatalog} bean (the HTTP API injects that type).
 */
@ApplicationScoped
@Typed(PromptGenerator.class)
public class EnginePromptGenerator implements PromptGenerator {

    private final Engines engines;
    private final PromptBatcher batcher;
    private final int promptsPerCall;

    @Inject
    EnginePromptGenerator(Engines engines, PromptBatcher batcher, WorkerConfig config) {
        this(engines, batcher, config.generation().batchPrompts());
    }

    public EnginePromptGenerator(Engines engines, PromptBatcher batcher, int promptsPerCall) {
        this.engines = engines;
        this.batcher = batcher;
        this.promptsPerCall = promptsPerCall;
    }

    @Override
    public Optional<ServableModel> resolve(ModelRef model) {
        return engines.resolve(model);
    }

    @Override
    public List<ServableModel> models() {
        return engines.models();
    }

    @Override
    public int promptsPerCall() {
        return promptsPerCall;
    }

    @Override
    public PromptBatcher.Participation join() {
        return batcher.join();
    }

    @Override
    public List<List<GeneratedImage>> generate(JobRequest request, ServableModel model, List<Integer> promptIndices) {
        if (promptIndices.isEmpty() || promptIndices.size() > promptsPerCall) {
            throw new IllegalArgumentException("between 1 and " + promptsPerCall + " prompts per call, got "
                    + promptIndices.size());
        }
        List<String> prompts = new ArrayList<>(promptIndices.size());
        long[] seeds = new long[promptIndices.size()];
        for (int i = 0; i < promptIndices.size(); i++) {
            prompts.add(request.prompts().get(promptIndices.get(i)));
            seeds[i] = request.promptSeed(promptIndices.get(i));
        }
        List<List<GeneratedImage>> kept = batcher.generate(model, settingsOf(request), prompts, seeds, null);
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i).size() != request.keepPerPrompt()) {
                throw new IllegalStateException("engine returned " + kept.get(i).size() + " images for prompt "
                        + promptIndices.get(i) + " of job " + request.jobId() + ", expected keepPerPrompt = "
                        + request.keepPerPrompt());
            }
        }
        return kept;
    }

    static GenerationSettings settingsOf(JobRequest request) {
        return GenerationSettings.of(request.sampling(), request.candidatesPerPrompt(), request.keepPerPrompt());
    }
}
