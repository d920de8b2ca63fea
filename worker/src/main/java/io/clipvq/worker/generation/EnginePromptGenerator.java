package io.clipvq.worker.generation;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.worker.metrics.WorkerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.util.List;
import java.util.Optional;

/**
 * {@link PromptGenerator} on the worker's engine pool. Injectable as a PromptGenerator only: the engine cache it
 * delegates to is the worker's one {@link ModelCatalog} bean (the HTTP API injects that type).
 */
@ApplicationScoped
@Typed(PromptGenerator.class)
public class EnginePromptGenerator implements PromptGenerator {

    private final Engines engines;
    private final WorkerMetrics metrics;

    EnginePromptGenerator(Engines engines, WorkerMetrics metrics) {
        this.engines = engines;
        this.metrics = metrics;
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
    public List<GeneratedImage> generate(JobRequest request, ServableModel model, int promptIndex) {
        GenerationSettings settings = settingsOf(request);
        List<String> prompt = List.of(request.prompts().get(promptIndex));
        long[] seed = {request.promptSeed(promptIndex)};
        List<GeneratedImage> kept = metrics.timeGeneration(() ->
                engines.withEngine(model, engine -> engine.generate(prompt, seed, settings)).get(0));
        if (kept.size() != request.keepPerPrompt()) {
            throw new IllegalStateException("engine returned " + kept.size() + " images for prompt " + promptIndex
                    + " of job " + request.jobId() + ", expected keepPerPrompt = " + request.keepPerPrompt());
        }
        return kept;
    }

    static GenerationSettings settingsOf(JobRequest request) {
        return GenerationSettings.of(request.sampling(), request.candidatesPerPrompt(), request.keepPerPrompt());
    }
}
