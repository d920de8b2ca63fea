package io.clipvq.client.job;

import io.clipvq.client.options.KafkaOptions;
import io.clipvq.contracts.job.CancelRequest;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.SafeNames;
import io.clipvq.contracts.job.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Ask the workers to stop a job between images (written images stay).")
public class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Parameters(index = "0", description = "the job id")
    String jobId;

    @Option(names = "--reason", description = "kept with the job")
    String reason;

    @Override
    public Integer call() throws Exception {
        var problem = SafeNames.jobIdProblem(jobId);
        if (problem.isPresent()) {
            spec.commandLine().getErr().println("jobId = \"" + jobId + "\": " + problem.get());
            return 2;
        }
        kafka.send(Topics.JOB_CONTROL, jobId, JobJson.toJson(CancelRequest.of(jobId, reason)));
        spec.commandLine().getOut().println("cancel requested for " + jobId);
        return 0;
    }
}
