package io.clipvq.worker.jobs;

import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.job.JobRequest;

/**
 * The columns of the jobs table that a request fills in (the queryable copy of its settings; the request itself is
 * stored beside them). A bulk job learns its prompt count when it is planned: null until then.
 */
public record JobSettings(Integer promptCount, Integer imagesExpected, int candidatesPerPrompt, int keepPerPrompt,
                          long seed, Integer steps, Double guidanceScale, Double truncation, String modelName,
                          String modelVersion, String outputPrefix) {

    public static JobSettings of(JobRequest request) {
        return new JobSettings(request.prompts().size(), request.imagesExpected(), request.candidatesPerPrompt(),
                request.keepPerPrompt(), request.seed(), request.sampling().steps(),
                request.sampling().guidanceScale(), request.sampling().truncation(), request.model().name(),
                request.model().version(), request.outputPrefix());
    }

    public static JobSettings of(BulkRequest request) {
        return new JobSettings(null, null, request.candidatesPerImage(), 1, request.seedBase(),
                request.sampling().steps(), request.sampling().guidanceScale(), request.sampling().truncation(),
                request.model().name(), request.model().version(), request.outputPrefix());
    }

    /** These settings with the model the job runs on (a job that names no version is pinned to one here). */
    public JobSettings withModel(String name, String version) {
        return new JobSettings(promptCount, imagesExpected, candidatesPerPrompt, keepPerPrompt, seed, steps,
                guidanceScale, truncation, name, version, outputPrefix);
    }
}
