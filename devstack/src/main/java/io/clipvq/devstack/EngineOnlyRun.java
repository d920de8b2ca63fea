package io.clipvq.devstack;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench's engine-only figures: the same jobs drawn by calling {@link OnnxTextToImageEngine} directly, on the same
 * bundle, settings and thread count as the worker's engine, with nothing around it (no Kafka, S3 or database).
 */
public final class EngineOnlyRun implements AutoCloseable {

    private final OnnxTextToImageEngine engine;

    public EngineOnlyRun(Path bundleDir, int threads) {
        this.engine = OnnxTextToImageEngine.open(BundleLoader.load(bundleDir),
                EngineOptions.builder().optIntraOpThreads(threads).build());
    }

    /** Draws {@code job} untimed, one call per prompt and then in one call, so start-up is not counted. */
    public void warmUp(JobRequest job) {
        secondsPerPromptCall(List.of(job));
        secondsPerJobCall(List.of(job));
    }

    /** Seconds to draw every job with one engine call per job (all its prompts in one call). */
    public double secondsPerJobCall(List<JobRequest> jobs) {
        long start = System.nanoTime();
        for (JobRequest job : jobs) {
            generate(job, 0, job.prompts().size());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds to draw every job with one engine call per prompt. */
    public double secondsPerPromptCall(List<JobRequest> jobs) {
        long start = System.nanoTime();
        for (JobRequest job : jobs) {
            for (int p = 0; p < job.prompts().size(); p++) {
                generate(job, p, p + 1);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Draws prompts [from, to) of {@code job} in one call, with the seeds and settings the worker uses. */
    private void generate(JobRequest job, int from, int to) {
        long[] seeds = new long[to - from];
        for (int p = from; p < to; p++) {
            seeds[p - from] = job.promptSeed(p);
        }
        List<List<GeneratedImage>> kept = engine.generate(job.prompts().subList(from, to), seeds,
                GenerationSettings.of(job.sampling(), job.candidatesPerPrompt(), job.keepPerPrompt()));
        if (kept.stream().anyMatch(images -> images.size() != job.keepPerPrompt())) {
            throw new IllegalStateException("engine kept a different number of images than " + job.keepPerPrompt());
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
