package io.clipvq.worker.testing;

import io.clipvq.devstack.DevStack;
import io.clipvq.devstack.FreePort;
import io.clipvq.devstack.WorkerEnvironment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged worker (target/quarkus-app/quarkus-run.jar) run as its own process with the environment
 * variables a deployment uses, so a test can kill it with SIGKILL mid-job and start it again.
 */
public final class WorkerProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    public static final int MAX_POLL_INTERVAL_MS = 3000;

    private final Process process;
    private final int httpPort;
    private final Path log;

    private WorkerProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Starts a worker and waits until /q/health/ready says UP.
     *
     * @param bundleDir the model bundle directory, or null when {@code extraEnv} names an S3 prefix instead
     */
    public static WorkerProcess start(DevStack stack, Path bundleDir, String workerId, Map<String, String> extraEnv)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        int port = FreePort.pick();
        Path log = Path.of("target", "worker-" + workerId + ".log");
        Map<String, String> env = new HashMap<>(WorkerEnvironment.of(stack));
        if (bundleDir != null) {
            env.put("CLIPVQ_MODEL_BUNDLE_DIR", bundleDir.toAbsolutePath().toString());
        }
        env.put("CLIPVQ_WORKER_ID", workerId);
        env.put("CLIPVQ_INTRA_OP_THREADS", "1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        // far shorter than any test job: a consumer that stopped polling during a job would be thrown out
        env.put("KAFKA_MAX_POLL_INTERVAL_MS", Integer.toString(MAX_POLL_INTERVAL_MS));
        env.putAll(extraEnv);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        // a test JVM that dies must not leave a worker behind consuming from the next run's topics
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "worker-" + workerId + "-reaper"));
        WorkerProcess worker = new WorkerProcess(process, port, log);
        worker.awaitReady(Duration.ofSeconds(120));
        return worker;
    }

    private void awaitReady(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker exited with " + process.exitValue() + " before it was ready; "
                        + "see " + log.toAbsolutePath() + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health("ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            JobTestClient.pause(500);
        }
        throw new IllegalStateException("worker not ready within " + timeout + ": " + last + "\n" + tail());
    }

    /** A path on the worker's HTTP port (the API, the gallery, /q/...). */
    public URI uri(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    public URI health(String which) {
        return URI.create("http://localhost:" + httpPort + "/q/health" + (which.isEmpty() ? "" : "/" + which));
    }

    public URI metrics() {
        return URI.create("http://localhost:" + httpPort + "/q/metrics");
    }

    public String get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILL: no shutdown hook, no offset commit, no cleanup: what a crashed pod looks like. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public String tail() {
        try {
            String text = Files.readString(log);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
