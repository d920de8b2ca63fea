package io.clipvq.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole-system bench: the same jobs drawn by the engine alone ({@link EngineOnlyRun}, in calls of the worker's
 * batch size across jobs, as its cross-job batching does at best) and through the system (Kafka request, worker, S3
 * upload, PostgreSQL rows, events), reported as images per second for each and the overhead
 * {@code 1 - system / engine}.
 *
 * <p>A shared machine drifts by tens of per cent within minutes, so the two are interleaved: with the stack up and
 * the worker idle, engine draw, system round, engine draw, system round, ..., engine draw. Each round's overhead is
 * taken against the mean of the engine draws just before and after it, and the report gives every round and the
 * median. The engine draws run in this process while the stack idles; the CPU the idle stack used meanwhile is
 * reported ({@code idle_stack_cpu_seconds_per_engine_draw}). Before the stack starts, the engine also draws the jobs
 * with one call per job and one call per prompt (secondary figures, and the check that all three give the same
 * bytes). The engine is warmed up by one untimed job and those three draws; the system by {@code --warm-up-rounds}
 * untimed rounds of the measured size (the JIT compilers of the worker and of the stack keep working for several
 * rounds, on the engine's cores; the report gives what they used, {@code worker_jit_cpu_seconds} and
 * {@code bench_process_jit_cpu_seconds}). A system round's clock runs from its
 * first request sent to its last job seen completed in the jobs table.
 */
public final class SystemBench {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

    private final SystemBenchOptions options;
    private final PrintStream progress;

    public SystemBench(SystemBenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** One engine draw with the stack up: its seconds and CPU seconds, and what the idle stack used meanwhile. */
    private record EngineDraw(double seconds, double cpuSeconds, double idleStackCpuSeconds) {
    }

    /** One system round: its seconds, where the CPU went, what it wrote and how the worker called its engine. */
    private record SystemRound(double seconds, CpuTimes cpu, long imagesRecorded, long objectsStored,
                               BenchWorkerProcess.EngineCalls calls) {
    }

    /** Runs the bench on a fresh stack under {@code dataDir} and returns its report. */
    public ObjectNode run(Path dataDir) throws Exception {
        BundleManifest manifest = BundleLoader.load(options.bundleDir()).manifest();
        List<JobRequest> engineWarmUp = SystemBenchWork.jobs("bench-engine-warm-up", withOneJob(), manifest);
        List<JobRequest> jobs = SystemBenchWork.jobs("bench", options, manifest);
        int images = SystemBenchWork.imagesOf(jobs);

        progress.println("system-bench: engine only, " + jobs.size() + " jobs, three ways ...");
        try (EngineOnlyRun engine = new EngineOnlyRun(options.bundleDir(), options.threads())) {
            engine.warmUp(engineWarmUp.get(0));
            EngineOnlyRun.Draw batched = engine.drawAcrossJobs(jobs, options.batchPrompts());
            EngineOnlyRun.Draw perJob = engine.drawPerJobCall(jobs);
            EngineOnlyRun.Draw perPrompt = engine.drawPerPromptCall(jobs);
            boolean sameBytes = perJob.sha256s().equals(perPrompt.sha256s())
                    && batched.sha256s().equals(perJob.sha256s());

            progress.println("system-bench: starting Kafka, PostgreSQL, S3 and the worker ...");
            List<EngineDraw> draws = new ArrayList<>();
            List<SystemRound> rounds = new ArrayList<>();
            try (DevStack stack = DevStack.builder().optDataDir(dataDir.resolve("stack")).start();
                 BenchWorkerProcess worker = BenchWorkerProcess.start(stack, options, dataDir.resolve("worker.log"));
                 BenchJobDriver driver = new BenchJobDriver(stack)) {
                for (int w = 1; w <= options.warmUpRounds(); w++) {
                    List<JobRequest> warmUpJobs = SystemBenchWork.jobs("bench-warm-up-" + w, options, manifest);
                    progress.println("system-bench: warm-up round " + w + " of " + options.warmUpRounds()
                            + " (untimed), " + warmUpJobs.size() + " jobs ...");
                    driver.submit(warmUpJobs);
                    driver.awaitCompleted(warmUpJobs, JOB_TIMEOUT);
                }
                draws.add(engineDraw(engine, jobs, worker));
                for (int r = 1; r <= options.rounds(); r++) {
                    List<JobRequest> roundJobs = SystemBenchWork.jobs("bench-r" + r, options, manifest);
                    progress.println("system-bench: round " + r + " of " + options.rounds() + ": system, "
                            + jobs.size() + " jobs, " + images + " images; then the engine alone ...");
                    rounds.add(systemRound(stack, worker, driver, roundJobs));
                    draws.add(engineDraw(engine, jobs, worker));
                }
            }
            ObjectNode report = report(manifest, images, draws, rounds);
            double perJobSeconds = perJob.seconds();
            double systemSeconds = median(rounds.stream().mapToDouble(SystemRound::seconds).toArray());
            report.put("engine_one_call_per_job_seconds", round(perJobSeconds, 3));
            report.put("engine_one_call_per_job_images_per_second", round(images / perJobSeconds, 3));
            report.put("engine_one_prompt_per_call_seconds", round(perPrompt.seconds(), 3));
            report.put("engine_one_prompt_per_call_images_per_second", round(images / perPrompt.seconds(), 3));
            report.put("overhead_vs_one_call_per_job", round(1 - perJobSeconds / systemSeconds, 4));
            report.put("cost_of_one_prompt_per_call", round(1 - batched.seconds() / perPrompt.seconds(), 4));
            report.put("same_bytes_batched_per_job_and_per_prompt", sameBytes);
            return report;
        }
    }

    private EngineDraw engineDraw(EngineOnlyRun engine, List<JobRequest> jobs, BenchWorkerProcess worker) {
        CpuTimes before = CpuTimes.read(worker.handle());
        EngineOnlyRun.Draw draw = engine.drawAcrossJobs(jobs, options.batchPrompts());
        CpuTimes used = CpuTimes.read(worker.handle()).minus(before);
        return new EngineDraw(draw.seconds(), used.thisProcess(), used.worker() + used.postgres());
    }

    private SystemRound systemRound(DevStack stack, BenchWorkerProcess worker, BenchJobDriver driver,
                                    List<JobRequest> jobs) throws Exception {
        BenchWorkerProcess.EngineCalls callsBefore = worker.engineCalls();
        CpuTimes cpuAtStart = CpuTimes.read(worker.handle());
        long start = System.nanoTime();
        driver.submit(jobs);
        long imagesRecorded = driver.awaitCompleted(jobs, JOB_TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTimes cpu = CpuTimes.read(worker.handle()).minus(cpuAtStart);
        BenchWorkerProcess.EngineCalls callsAfter = worker.engineCalls();
        return new SystemRound(seconds, cpu, imagesRecorded,
                pngObjects(stack.dataDir().resolve("s3").resolve(stack.bucket()), jobs),
                new BenchWorkerProcess.EngineCalls(callsAfter.calls() - callsBefore.calls(),
                        callsAfter.prompts() - callsBefore.prompts()));
    }

    /** One job the size of the measured ones, for the untimed warm-up. */
    private SystemBenchOptions withOneJob() {
        return new SystemBenchOptions(1, options.promptsPerJob(), options.candidates(), options.keep(), options.threads(),
                options.batchPrompts(), options.concurrentJobs(), options.rounds(), options.warmUpRounds(), options.bundleDir(),
                options.workerJar(), options.workerJvmArgs(), false);
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
     * The interleaved figures: every round against the mean of the engine draws around it, and the medians. The
     * worker's CPU overhead ({@code worker CPU / engine CPU - 1}) is what the wall-clock overhead would be on a node
     * whose cores the engine keeps busy and whose Kafka, PostgreSQL and S3 run elsewhere.
     */
    private ObjectNode report(BundleManifest manifest, int images, List<EngineDraw> draws, List<SystemRound> rounds) {
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("bundle", manifest.name() + ":" + manifest.version());
        report.put("jobs", options.jobs());
        report.put("prompts_per_job", options.promptsPerJob());
        report.put("candidates_per_prompt", options.candidates());
        report.put("keep_per_prompt", options.keep());
        report.put("threads", options.threads());
        report.put("worker_batch_prompts", options.batchPrompts());
        report.put("worker_concurrent_jobs", options.concurrentJobs());
        report.put("rounds", rounds.size());
        report.put("images", images);
        report.put("images_recorded", rounds.stream().mapToLong(SystemRound::imagesRecorded).sum());
        report.put("objects_stored", rounds.stream().mapToLong(SystemRound::objectsStored).sum());
        double[] overheads = new double[rounds.size()];
        double[] workerCpuOverheads = new double[rounds.size()];
        ArrayNode perRound = report.putArray("per_round");
        for (int r = 0; r < rounds.size(); r++) {
            SystemRound round = rounds.get(r);
            double engineSeconds = (draws.get(r).seconds() + draws.get(r + 1).seconds()) / 2;
            double engineCpu = (draws.get(r).cpuSeconds() + draws.get(r + 1).cpuSeconds()) / 2;
            overheads[r] = 1 - engineSeconds / round.seconds();
            workerCpuOverheads[r] = round.cpu().worker() / engineCpu - 1;
            ObjectNode row = perRound.addObject();
            row.put("engine_seconds_before", round(draws.get(r).seconds(), 3));
            row.put("system_seconds", round(round.seconds(), 3));
            row.put("engine_seconds_after", round(draws.get(r + 1).seconds(), 3));
            row.put("overhead", round(overheads[r], 4));
            row.put("engine_cpu_seconds", round(engineCpu, 3));
            row.put("worker_cpu_seconds", round(round.cpu().worker(), 3));
            row.put("kafka_s3_and_bench_driver_cpu_seconds", round(round.cpu().thisProcess(), 3));
            row.put("postgresql_cpu_seconds", round(round.cpu().postgres(), 3));
            row.put("worker_jit_cpu_seconds", round(round.cpu().workerJit(), 3));
            row.put("bench_process_jit_cpu_seconds", round(round.cpu().thisProcessJit(), 3));
            row.put("worker_engine_calls", round.calls().calls());
        }
        double engineSeconds = median(draws.stream().mapToDouble(EngineDraw::seconds).toArray());
        double systemSeconds = median(rounds.stream().mapToDouble(SystemRound::seconds).toArray());
        report.put("engine_seconds", round(engineSeconds, 3));
        report.put("engine_images_per_second", round(images / engineSeconds, 3));
        report.put("system_seconds", round(systemSeconds, 3));
        report.put("system_images_per_second", round(images / systemSeconds, 3));
        report.put("overhead", round(median(overheads), 4));
        report.put("engine_cpu_seconds", round(median(draws.stream().mapToDouble(EngineDraw::cpuSeconds).toArray()),
                3));
        ObjectNode cpu = report.putObject("system_cpu_seconds");
        cpu.put("worker", round(median(rounds.stream().mapToDouble(r -> r.cpu().worker()).toArray()), 3));
        cpu.put("kafka_s3_and_bench_driver", round(median(rounds.stream().mapToDouble(r -> r.cpu().thisProcess())
                .toArray()), 3));
        cpu.put("postgresql", round(median(rounds.stream().mapToDouble(r -> r.cpu().postgres()).toArray()), 3));
        cpu.put("worker_jit", round(median(rounds.stream().mapToDouble(r -> r.cpu().workerJit()).toArray()), 3));
        cpu.put("bench_process_jit", round(median(rounds.stream().mapToDouble(r -> r.cpu().thisProcessJit())
                .toArray()), 3));
        report.put("worker_cpu_overhead", round(median(workerCpuOverheads), 4));
        report.put("idle_stack_cpu_seconds_per_engine_draw", round(median(draws.stream()
                .mapToDouble(EngineDraw::idleStackCpuSeconds).toArray()), 3));
        long calls = rounds.stream().mapToLong(r -> r.calls().calls()).sum();
        long prompts = rounds.stream().mapToLong(r -> r.calls().prompts()).sum();
        report.put("worker_engine_calls", rounds.isEmpty() ? 0 : round((double) calls / rounds.size(), 2));
        report.put("worker_prompts_per_engine_call", calls == 0 ? 0 : round((double) prompts / calls, 2));
        return report;
    }

    /** The middle value (the mean of the two middle ones for an even count); 0 for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
