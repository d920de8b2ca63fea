package io.clipvq.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the whole-system bench runs: {@code jobs} jobs of {@code promptsPerJob} prompts each on the bundle in
 * {@code bundleDir}, with {@code candidates} candidates and {@code keep} kept images per prompt, every engine (the
 * worker's one and the engine-only run's) on {@code threads} ONNX Runtime intra-op threads. The worker runs
 * {@code concurrentJobs} jobs at once and batches up to {@code batchPrompts} prompts per engine call (its
 * CLIPVQ_CONCURRENT_JOBS and CLIPVQ_BATCH_PROMPTS); the engine-only run batches the same way. The jobs go through
 * the system {@code rounds} times, each round between two engine-only draws, after {@code warmUpRounds} untimed
 * rounds of the same size (the worker's JIT compiler is still busy after a single job). {@code workerJvmArgs}
 * go on the worker's java command line before {@code -jar} (a profiler, for instance).
 */
public record SystemBenchOptions(int jobs, int promptsPerJob, int candidates, int keep, int threads, int batchPrompts,
                                 int concurrentJobs, int rounds, int warmUpRounds, Path bundleDir, Path workerJar,
                                 List<String> workerJvmArgs, boolean help) {

    public static final String USAGE = """
            Usage: system-bench [--jobs N] [--prompts-per-job P] [--candidates C] [--keep K] [--threads T]
                                [--batch-prompts B] [--concurrent-jobs J] [--rounds R] [--warm-up-rounds W]
                                [--bundle DIR] [--worker-jar JAR] [--worker-jvm-arg ARG ...]
              Runs N jobs through Kafka -> worker -> S3 -> PostgreSQL and the same work on the engine alone, and
              prints as JSON both throughputs and the overhead between them (1 - system/engine).
              --jobs             jobs submitted at once (default 8)
              --prompts-per-job  prompts in each job (default 4)
              --candidates       candidates per prompt (default 4)
              --keep             images kept per prompt (default 1)
              --threads          ONNX Runtime intra-op threads of both engines (default 2)
              --batch-prompts    prompts per engine call, across jobs (the worker's CLIPVQ_BATCH_PROMPTS; default 8)
              --concurrent-jobs  jobs the worker runs at once (its CLIPVQ_CONCURRENT_JOBS; default 4)
              --rounds           system rounds, each between two engine-only draws; medians reported (default 3)
              --warm-up-rounds   untimed system rounds of the same jobs first (default 2)
              --bundle           model bundle directory (default models/shapes)
              --worker-jar       the packaged worker (default worker/target/quarkus-app/quarkus-run.jar)
              --worker-jvm-arg   one argument for the worker's JVM, repeatable (e.g. -XX:StartFlightRecording=...)""";

    public SystemBenchOptions {
        workerJvmArgs = List.copyOf(workerJvmArgs);
        if (!help && (jobs < 1 || promptsPerJob < 1 || candidates < 1 || keep < 1 || keep > candidates || threads < 1
                || batchPrompts < 1 || concurrentJobs < 1 || rounds < 1 || warmUpRounds < 0)) {
            throw new IllegalArgumentException("need --jobs, --prompts-per-job, --candidates, --threads, --batch-prompts,"
                    + " --concurrent-jobs, --rounds >= 1, --warm-up-rounds >= 0 and "
                    + "1 <= --keep <= --candidates");
        }
    }

    /** Parses the command line; relative paths are resolved against {@code root} (the repository root). */
    public static SystemBenchOptions parse(String[] args, Path root) {
        int jobs = 8;
        int prompts = 4;
        int candidates = 4;
        int keep = 1;
        int threads = 2;
        int batchPrompts = 8;
        int concurrentJobs = 4;
        int rounds = 3;
        int warmUpRounds = 2;
        Path bundle = root.resolve("models/shapes");
        Path jar = root.resolve("worker/target/quarkus-app/quarkus-run.jar");
        List<String> workerJvmArgs = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-h") || name.equals("--help")) {
                help = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--jobs" -> jobs = number(name, value);
                case "--prompts-per-job" -> prompts = number(name, value);
                case "--candidates" -> candidates = number(name, value);
                case "--keep" -> keep = number(name, value);
                case "--threads" -> threads = number(name, value);
                case "--batch-prompts" -> batchPrompts = number(name, value);
                case "--concurrent-jobs" -> concurrentJobs = number(name, value);
                case "--rounds" -> rounds = number(name, value);
                case "--warm-up-rounds" -> warmUpRounds = number(name, value);
                case "--bundle" -> bundle = root.resolve(value);
                case "--worker-jar" -> jar = root.resolve(value);
                case "--worker-jvm-arg" -> workerJvmArgs.add(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new SystemBenchOptions(jobs, prompts, candidates, keep, threads, batchPrompts, concurrentJobs, rounds,
                warmUpRounds, bundle.normalize(), jar.normalize(), workerJvmArgs, help);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got " + value);
        }
    }
}
