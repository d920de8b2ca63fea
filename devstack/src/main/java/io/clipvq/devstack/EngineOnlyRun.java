package io.clipvq.devstack;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;

import java.nio.file.Path;
import java.util.ArrayList;
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
        drawPerPromptCall(List.of(job));
        drawPerJobCall(List.of(job));
    }

    /** How long a draw took and the sha256 of every kept image, in (job, prompt, rank) order. */
    public record Draw(double seconds, List<String> sha256s) {
    }

    /** Draws every job with one engine call per job (all its prompts in one call). */
    public Draw drawPerJobCall(List<JobRequest> jobs) {
        List<String> sha256s = new ArrayList<>();
        long start = System.nanoTime();
        for (JobRequest job : jobs) {
            generate(job, 0, job.prompts().size(), sha256s);
        }
        return new Draw((System.nanoTime() - start) / 1e9, sha256s);
    }

    /** Draws every job with one engine call per prompt (as the worker does). */
    public Draw drawPerPromptCall(List<JobRequest> jobs) {
        List<String> sha256s = new ArrayList<>();
        long start = System.nanoTime();
        for (JobRequest job : jobs) {
            for (int p = 0; p < job.prompts().size(); p++) {
                generate(job, p, p + 1, sha256s);
            }
        }
        return new Draw((System.nanoTime() - start) / 1e9, sha256s);
    }

    /**
     * Draws the prompts of all jobs in order (they share their settings), {@code batchPrompts} per call across job
     * boundaries, as the worker's cross-job batching does when the jobs are queued together.
     */
    public Draw drawAcrossJobs(List<JobRequest> jobs, int batchPrompts) {
        List<String> sha256s = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        long start = System.nanoTime();
        for (JobRequest job : jobs) {
            for (int p = 0; p < job.prompts().size(); p++) {
                prompts.add(job.prompts().get(p));
                seeds.add(job.promptSeed(p));
                if (prompts.size() == batchPrompts) {
                    generate(jobs.get(0), prompts, seeds, sha256s);
                    prompts.clear();
                    seeds.clear();
                }
            }
        }
        if (!prompts.isEmpty()) {
            generate(jobs.get(0), prompts, seeds, sha256s);
        }
        return new Draw((System.nanoTime() - start) / 1e9, sha256s);
    }

    private void generate(JobRequest settingsOf, List<String> prompts, List<Long> seeds, List<String> sha256s) {
        long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
        List<List<GeneratedImage>> kept = engine.generate(List.copyOf(prompts), seedArray, GenerationSettings.of(
                settingsOf.sampling(), settingsOf.candidatesPerPrompt(), settingsOf.keepPerPrompt()));
        kept.forEach(images -> images.forEach(image -> sha256s.add(image.sha256())));
    }

    /** Draws prompts [from, to) of {@code job} in one call, with the seeds and settings the worker uses. */
    private void generate(JobRequest job, int from, int to, List<String> sha256s) {
        long[] seeds = new long[to - from];
        for (int p = from; p < to; p++) {
            seeds[p - from] = job.promptSeed(p);
        }
        List<List<GeneratedImage>> kept = engine.generate(job.prompts().subList(from, to), seeds,
                GenerationSettings.of(job.sampling(), job.candidatesPerPrompt(), job.keepPerPrompt()));
        for (List<GeneratedImage> images : kept) {
            if (images.size() != job.keepPerPrompt()) {
                throw new IllegalStateException("engine kept " + images.size() + " images, not " + job.keepPerPrompt());
            }
            images.forEach(image -> sha256s.add(image.sha256()));
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
