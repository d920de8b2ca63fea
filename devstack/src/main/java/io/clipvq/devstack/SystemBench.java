package io.clipvq.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.engine.bundle.BundleLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole-system bench: the same jobs drawn in one run by the engine alone ({@link EngineOnlyRun}: in calls of
 * the worker's batch size across jobs, as its cross-job batching does; one call per job; one call per prompt), before and again after drawing them through the system (Kafka
 * request, worker, S3 upload, PostgreSQL rows, events), and reported as images per second for each and the overhead
 * {@code 1 - system / engine}, engine being the draw batched as the worker batches. Both are first warmed up by one untimed job of the same size (the engine by drawing it,
 * the worker by running it end to end, so its first-use costs are not counted); the system's clock runs from the
 * first request sent to the last job seen completed in the jobs table.
 */
public final class SystemBench {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

    private final SystemBenchOptions options;
    private final PrintStream progress;

    public SystemBench(SystemBenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs the bench on a fresh stack under {@code dataDir} and returns its report. */
    public ObjectNode run(Path dataDir) throws Exception {
        BundleManifest manifest = BundleLoader.load(options.bundleDir()).manifest();
        List<JobRequest> warmUp = SystemBenchWork.jobs("bench-warm-up", withOneJob(), manifest);
        List<JobRequest> jobs = SystemBenchWork.jobs("bench", options, manifest);
        int images = SystemBenchWork.imagesOf(jobs);

        EngineFigures before = engineOnly(warmUp, jobs, "before");

        progress.println("system-bench: starting Kafka, PostgreSQL, S3 and the worker ...");
        double systemSeconds;
        long imagesRecorded;
        long objectsStored;
        BenchWorkerProcess.EngineCalls calls;
        CpuTimes systemCpu;
        try (DevStack stack = DevStack.builder().optDataDir(dataDir.resolve("stack")).start();
             BenchWorkerProcess worker = BenchWorkerProcess.start(stack, options, dataDir.resolve("worker.log"));
             BenchJobDriver driver = new BenchJobDriver(stack)) {
            driver.submit(warmUp);
            driver.awaitCompleted(warmUp, JOB_TIMEOUT);
            BenchWorkerProcess.EngineCalls warmUpCalls = worker.engineCalls();
            progress.println("system-bench: system, " + jobs.size() + " jobs, " + images + " images ...");
            CpuTimes cpuAtStart = CpuTimes.read(worker.handle());
            long start = System.nanoTime();
            driver.submit(jobs);
            imagesRecorded = driver.awaitCompleted(jobs, JOB_TIMEOUT);
            systemSeconds = (System.nanoTime() - start) / 1e9;
            systemCpu = CpuTimes.read(worker.handle()).minus(cpuAtStart);
            BenchWorkerProcess.EngineCalls all = worker.engineCalls();
            calls = new BenchWorkerProcess.EngineCalls(all.calls() - warmUpCalls.calls(),
                    all.prompts() - warmUpCalls.prompts());
            objectsStored = pngObjects(stack.dataDir().resolve("s3").resolve(stack.bucket()), jobs);
        }
        EngineFigures after = engineOnly(warmUp, jobs, "after");
        ObjectNode report = report(manifest, images, imagesRecorded, objectsStored, before, after, systemSeconds);
        report.put("engine_cpu_seconds", round((before.batchedCpuSeconds() + after.batchedCpuSeconds()) / 2, 3));
        ObjectNode cpu = report.putObject("system_cpu_seconds");
        cpu.put("worker", round(systemCpu.worker(), 3));
        cpu.put("kafka_s3_and_bench_driver", round(systemCpu.thisProcess(), 3));
        cpu.put("postgresql", round(systemCpu.postgres(), 3));
        report.put("worker_engine_calls", calls.calls());
        report.put("worker_prompts_per_engine_call", calls.calls() == 0 ? 0 : round((double) calls.prompts()
                / calls.calls(), 2));
        return report;
    }

    /**
     * Seconds the engine alone took for the jobs, one call per job and one call per prompt, and whether both gave
     * the same bytes for every image (what batching prompts in the worker would need).
     */
    private record EngineFigures(double batchedSeconds, double batchedCpuSeconds, double jobCallSeconds,
                                 double promptCallSeconds, boolean sameBytes) {
    }

    private EngineFigures engineOnly(List<JobRequest> warmUp, List<JobRequest> jobs, String when) {
        progress.println("system-bench: engine only (" + when + " the system), " + jobs.size() + " jobs ...");
        try (EngineOnlyRun engine = new EngineOnlyRun(options.bundleDir(), options.threads())) {
            engine.warmUp(warmUp.get(0));
            double cpuBefore = CpuTimes.thisProcessSeconds();
            EngineOnlyRun.Draw batched = engine.drawAcrossJobs(jobs, options.batchPrompts());
            double batchedCpu = CpuTimes.thisProcessSeconds() - cpuBefore;
            EngineOnlyRun.Draw perJob = engine.drawPerJobCall(jobs);
            EngineOnlyRun.Draw perPrompt = engine.drawPerPromptCall(jobs);
            return new EngineFigures(batched.seconds(), batchedCpu, perJob.seconds(), perPrompt.seconds(),
                    perJob.sha256s().equals(perPrompt.sha256s()) && batched.sha256s().equals(perJob.sha256s()));
        }
    }

    /** One job the size of the measured ones, for the untimed warm-up. */
    private SystemBenchOptions withOneJob() {
        return new SystemBenchOptions(1, options.promptsPerJob(), options.candidates(), options.keep(), options.threads(),
                options.batchPrompts(), options.concurrentJobs(), options.bundleDir(), options.workerJar(), options.workerJvmArgs(), false);
    }

    /** The bench jobs' PNG objects in the S3 server's folder (one file per object key). */
    private static long pngObjects(Path bucketDir, List<JobRequest> jobs) {
        long count = 0;
        for (JobRequest job : jobs) {
            Path jobDir = bucketDir.resolve(job.outputPrefix()).resolve(job.jobId());
            if (!Files.isDirectory(jobDir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(jobDir)) {
                count += files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".png")).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    /**
     * The engine figures are the mean of the runs before and after the system's (a machine shared with other work
     * drifts; both are reported so the drift can be seen).
     */
    private ObjectNode report(BundleManifest manifest, int images, long imagesRecorded, long objectsStored,
                              EngineFigures before, EngineFigures after, double systemSeconds) {
        double engineBatchedSeconds = (before.batchedSeconds() + after.batchedSeconds()) / 2;
        double engineJobCallSeconds = (before.jobCallSeconds() + after.jobCallSeconds()) / 2;
        double enginePromptCallSeconds = (before.promptCallSeconds() + after.promptCallSeconds()) / 2;
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("bundle", manifest.name() + ":" + manifest.version());
        report.put("jobs", options.jobs());
        report.put("prompts_per_job", options.promptsPerJob());
        report.put("candidates_per_prompt", options.candidates());
        report.put("keep_per_prompt", options.keep());
        report.put("threads", options.threads());
        report.put("worker_batch_prompts", options.batchPrompts());
        report.put("worker_concurrent_jobs", options.concurrentJobs());
        report.put("images", images);
        report.put("images_recorded", imagesRecorded);
        report.put("objects_stored", objectsStored);
        double engine = images / engineBatchedSeconds;
        double enginePerJob = images / engineJobCallSeconds;
        double enginePerPrompt = images / enginePromptCallSeconds;
        double system = images / systemSeconds;
        report.put("engine_seconds_before_system", round(before.batchedSeconds(), 3));
        report.put("engine_seconds_after_system", round(after.batchedSeconds(), 3));
        report.put("engine_seconds", round(engineBatchedSeconds, 3));
        report.put("engine_images_per_second", round(engine, 3));
        report.put("engine_one_call_per_job_seconds", round(engineJobCallSeconds, 3));
        report.put("engine_one_call_per_job_images_per_second", round(enginePerJob, 3));
        report.put("engine_one_prompt_per_call_seconds", round(enginePromptCallSeconds, 3));
        report.put("engine_one_prompt_per_call_images_per_second", round(enginePerPrompt, 3));
        report.put("system_seconds", round(systemSeconds, 3));
        report.put("system_images_per_second", round(system, 3));
        report.put("overhead", round(1 - system / engine, 4));
        report.put("overhead_vs_one_call_per_job", round(1 - system / enginePerJob, 4));
        report.put("cost_of_one_prompt_per_call", round(1 - enginePerPrompt / engine, 4));
        report.put("same_bytes_batched_per_job_and_per_prompt", before.sameBytes() && after.sameBytes());
        return report;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
