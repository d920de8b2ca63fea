package io.clipvq.devstack;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;

import java.util.ArrayList;
import java.util.List;

/**
 * The bench's jobs, the same for the engine-only run and the system run: fixed prompts and fixed job seeds, so both
 * runs draw exactly the same images (the worker's bytes are a function of (seed, index)).
 */
public final class SystemBenchWork {

    private static final List<String> PROMPTS = List.of("a red circle", "a blue square on the left",
            "a small green triangle", "a large yellow circle at the top", "two purple squares",
            "an orange triangle on the right", "a big blue circle", "a tiny red square at the bottom");

    private SystemBenchWork() {
    }

    /** {@code options.jobs()} requests named {@code prefix-0 ...}; warm-up and measured jobs use different prefixes. */
    public static List<JobRequest> jobs(String prefix, SystemBenchOptions options, BundleManifest manifest) {
        ModelRef model = new ModelRef(manifest.name(), manifest.version());
        List<JobRequest> jobs = new ArrayList<>(options.jobs());
        for (int j = 0; j < options.jobs(); j++) {
            JobRequest.Builder job = JobRequest.builder(prefix + "-" + j, model)
                    .optCandidatesPerPrompt(options.candidates()).optKeepPerPrompt(options.keep()).optSeed(1000L + j);
            for (int p = 0; p < options.promptsPerJob(); p++) {
                job.addPrompt(PROMPTS.get((j * options.promptsPerJob() + p) % PROMPTS.size()));
            }
            jobs.add(job.build());
        }
        return jobs;
    }

    public static int imagesOf(List<JobRequest> jobs) {
        return jobs.stream().mapToInt(JobRequest::imagesExpected).sum();
    }
}
