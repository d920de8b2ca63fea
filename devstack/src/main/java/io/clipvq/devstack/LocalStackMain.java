package io.clipvq.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's main command: starts Kafka, PostgreSQL and S3 locally with their data kept under a folder
 * (default ./.data), then runs the worker against them as a child process until Ctrl-C.
 *
 * <pre>
 * ./mvnw -B -ntp -pl devstack exec:java                              # after ./mvnw -B -ntp install -DskipTests
 * ./mvnw -B -ntp -pl devstack exec:java -Dexec.args="--no-worker"    # only the three services
 * ./mvnw -B -ntp -pl devstack exec:java -Dexec.args="system-bench"   # the whole-system bench (SystemBenchMain)
 * </pre>
 */
public final class LocalStackMain {

    /** The first argument that runs the whole-system bench ({@link SystemBenchMain}) instead of the stack. */
    static final String SYSTEM_BENCH = "system-bench";
    static final String BUILD_WORKER_COMMAND = "./mvnw -B -ntp install -DskipTests";
    /** Set by the exec-maven-plugin configuration so relative paths mean the same from any working directory. */
    static final String PROJECT_ROOT_PROPERTY = "clipvq.projectRoot";

    private static final Duration WORKER_STOP_GRACE = Duration.ofSeconds(30);
    static final String WORKER_ENV_FILE = "worker.env";
    /** The worker's HTTP port: its own default unless QUARKUS_HTTP_PORT (which the worker inherits) says otherwise. */
    private static final String HTTP_PORT = "QUARKUS_HTTP_PORT";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode = run(args, System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals(SYSTEM_BENCH)) {
            return SystemBenchMain.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args, projectRoot());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(LocalStackOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(LocalStackOptions.USAGE);
            return 0;
        }
        if (options.runWorker() && !Files.isRegularFile(options.workerJar())) {
            err.println("error: the worker is not built: " + options.workerJar() + " does not exist.");
            err.println("Build it from the repository root with:  " + BUILD_WORKER_COMMAND);
            err.println("(or start only Kafka, PostgreSQL and S3 with --no-worker)");
            return 1;
        }
        quietServiceLogs();

        out.println("Starting Kafka, PostgreSQL and S3 with data under " + options.dataDir() + " ...");
        DevStack stack = DevStack.builder()
                .optDataDir(options.dataDir())
                .optKafkaPort(options.kafkaPort())
                .optPostgresPort(options.postgresPort())
                .optS3Port(options.s3Port())
                .optBucket(options.bucket())
                .start();
        LocalStack running = new LocalStack(stack, err);
        Thread stopOnExit = new Thread(running::stop, "clipvq-local-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            return runWorker(options, stack, running, out, err);
        } finally {
            running.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run: nothing left to undo
            }
        }
    }

    private static int runWorker(LocalStackOptions options, DevStack stack, LocalStack running, PrintStream out,
                                 PrintStream err) throws Exception {

        Map<String, String> environment = new java.util.LinkedHashMap<>(WorkerEnvironment.of(stack));
        DefaultBundle.Choice bundle = DefaultBundle.choose(options.bundleDir(),
                System.getenv(WorkerEnvironment.MODEL_BUNDLE_DIR), projectRoot(), options.dataDir(), out);
        environment.put(WorkerEnvironment.MODEL_BUNDLE_DIR, bundle.directory().toString());
        environment.put(WorkerEnvironment.API_TOKEN, ApiToken.choose(System.getenv(WorkerEnvironment.API_TOKEN),
                options.dataDir().resolve(WORKER_ENV_FILE)));
        Path envFile = writeEnvFile(options.dataDir(), environment);
        printEndpoints(out, stack, envFile, projectRoot().resolve("client/bin/clipvq"), bundle,
                environment.get(WorkerEnvironment.API_TOKEN), workerPort());

        if (!options.runWorker()) {
            out.println("Running without the worker (--no-worker). Press Ctrl-C to stop.");
            running.awaitStop();
            return 0;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.workerJvmArgs());
        command.add("-jar");
        command.add(options.workerJar().toString());
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        out.println("Starting the worker: " + String.join(" ", command));
        out.println("Press Ctrl-C to stop the worker and the services.");
        Process worker = builder.start();
        running.attachWorker(worker);
        int workerExit = worker.waitFor();
        if (running.isStopping()) {
            running.awaitStop();
            return 0;
        }
        err.println("The worker exited by itself with code " + workerExit + "; stopping the services.");
        return workerExit == 0 ? 0 : 1;
    }

    private static Path projectRoot() {
        String root = System.getProperty(PROJECT_ROOT_PROPERTY);
        return Path.of(root != null ? root : "").toAbsolutePath().normalize();
    }

    /** Kafka and zonky log every step at INFO; the endpoints printed below are what a user needs. */
    private static void quietServiceLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }

    private static Path writeEnvFile(Path dataDir, Map<String, String> environment) throws IOException {
        StringBuilder text = new StringBuilder("# written by LocalStackMain: the worker's settings for the local stack\n");
        environment.forEach((name, value) -> text.append(name).append("=").append(value).append("\n"));
        Path file = dataDir.resolve(WORKER_ENV_FILE);
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String workerPort() {
        String port = System.getenv(HTTP_PORT);
        return port == null || port.isBlank() ? "8080" : port.strip();
    }

    private static void printEndpoints(PrintStream out, DevStack stack, Path envFile, Path client,
                                       DefaultBundle.Choice bundle, String apiToken, String httpPort) {
        Map<String, Duration> times = stack.startTimes();
        out.println();
        out.println("clipvq local stack is up (data kept in " + stack.dataDir() + ")");
        out.println("  Kafka       " + stack.kafkaBootstrapServers());
        out.println("  PostgreSQL  " + stack.jdbcUrl() + "  (user " + stack.jdbcUser() + ", password " + stack.jdbcPassword() + ")");
        out.println("  S3          " + stack.s3Endpoint() + "  (access key " + stack.s3AccessKey() + ", secret key "
                + stack.s3SecretKey() + "), bucket " + stack.bucket());
        out.printf("  started in %.1f s (kafka %.1f s, postgres %.1f s, s3 %.1f s, in parallel)%n",
                seconds(times.get("total")), seconds(times.get("kafka")), seconds(times.get("postgres")), seconds(times.get("s3")));
        out.println("  Models      " + bundle.modelIds() + " from " + bundle.directory() + " (" + bundle.why() + ")");
        out.println();
        // client/bin/clipvq runs the command-line client from the packaged client module
        out.println("Submit a job from another shell (the client reads the same settings):");
        out.println("  set -a; . " + envFile + "; set +a");
        out.println("  " + client + " submit -p \"a red circle\" -m " + bundle.manifest().name() + ":"
                + bundle.manifest().version() + " --wait");
        out.println("  " + client + " status JOB_ID");
        out.println("Or over HTTP (the token is in " + envFile.getFileName() + " as " + WorkerEnvironment.API_TOKEN + "):");
        out.println("  gallery     http://localhost:" + httpPort + "/   (API token " + apiToken + ")");
        out.println("  curl -s -H \"Authorization: Bearer $" + WorkerEnvironment.API_TOKEN + "\" -H 'Content-Type: "
                + "application/json' http://localhost:" + httpPort + "/api/jobs -d '{\"schemaVersion\": 1, \"jobId\": "
                + "\"hello-1\", \"prompts\": [\"a red circle\"], \"model\": {\"name\": \""
                + bundle.manifest().name() + "\"}}'");
        out.println("  curl -s http://localhost:" + httpPort + "/api/jobs/hello-1");
        out.println("Images are written to bucket '" + stack.bucket() + "' (files under "
                + stack.dataDir().resolve("s3").resolve(stack.bucket()) + "); rows to database at " + stack.jdbcUrl() + ".");
        out.println();
    }

    private static double seconds(Duration duration) {
        return duration == null ? Double.NaN : duration.toMillis() / 1000.0;
    }

    /** What must be stopped on Ctrl-C or when the worker ends: the worker first, then the services. */
    private static final class LocalStack {

        private final DevStack stack;
        private final PrintStream err;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private Process worker;
        private boolean stopping;

        LocalStack(DevStack stack, PrintStream err) {
            this.stack = stack;
            this.err = err;
        }

        synchronized void attachWorker(Process worker) {
            this.worker = worker;
        }

        synchronized boolean isStopping() {
            return stopping;
        }

        void stop() {
            Process toStop;
            synchronized (this) {
                if (stopping) {
                    return;
                }
                stopping = true;
                toStop = worker;
            }
            try {
                if (toStop != null && toStop.isAlive()) {
                    toStop.destroy();
                    if (!toStop.waitFor(WORKER_STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                        err.println("The worker did not stop within " + WORKER_STOP_GRACE.toSeconds() + " s; killing it.");
                        toStop.destroyForcibly().waitFor();
                    }
                }
                stack.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                err.println("Error while stopping the local stack: " + e);
            } finally {
                stopped.countDown();
            }
        }

        void awaitStop() throws InterruptedException {
            stopped.await();
        }
    }
}
