package io.clipvq.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged worker run as a child process against a {@link DevStack}, for the system bench: one engine on
 * {@code threads} intra-op threads (the engine-only run's settings), its output in a log file so the bench's
 * stdout stays JSON. {@link #close()} stops it (SIGTERM, then kill after 30 s).
 */
final class BenchWorkerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final Path log;
    private final int port;

    private BenchWorkerProcess(Process process, Path log, int port) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static BenchWorkerProcess start(DevStack stack, SystemBenchOptions options, Path log) throws Exception {
        if (!Files.isRegularFile(options.workerJar())) {
            throw new IllegalStateException("the worker is not built: " + options.workerJar() + " does not exist "
                    + "(./mvnw -B -ntp -pl worker -am package -DskipTests)");
        }
        int port = FreePort.resolve(0);
        Map<String, String> env = new LinkedHashMap<>(WorkerEnvironment.of(stack));
        env.put(WorkerEnvironment.MODEL_BUNDLE_DIR, options.bundleDir().toString());
        env.put(WorkerEnvironment.API_TOKEN, "system-bench");
        env.put("CLIPVQ_ENGINES", "1");
        env.put("CLIPVQ_INTRA_OP_THREADS", Integer.toString(options.threads()));
        env.put("CLIPVQ_BATCH_PROMPTS", Integer.toString(options.batchPrompts()));
        env.put("CLIPVQ_CONCURRENT_JOBS", Integer.toString(options.concurrentJobs()));
        env.put("CLIPVQ_WORKER_ID", "system-bench");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.workerJvmArgs());
        command.add("-jar");
        command.add(options.workerJar().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        BenchWorkerProcess worker = new BenchWorkerProcess(builder.start(), log, port);
        try {
            worker.awaitReady(port);
        } catch (Exception e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    private void awaitReady(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker exited with " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the worker was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    /** The worker's process, for its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Engine calls the worker has made so far and the prompts they ran (from its clipvq_engine_call_prompts metric). */
    record EngineCalls(long calls, long prompts) {
    }

    EngineCalls engineCalls() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new EngineCalls((long) metric(metrics, "clipvq_engine_call_prompts_count"),
                (long) metric(metrics, "clipvq_engine_call_prompts_sum"));
    }

    /** The value of an untagged sample in Prometheus text, 0 when absent. */
    private static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
