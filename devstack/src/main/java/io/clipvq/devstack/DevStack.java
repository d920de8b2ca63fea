package io.clipvq.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The three services clipvq needs, started in this JVM from Maven artifacts: an Apache Kafka node (KRaft), a
 * PostgreSQL server and an S3-compatible server. Used by integration tests and by {@link LocalStackMain}.
 *
 * <p>With a data folder the services keep their state between runs (dataDir/kafka, dataDir/postgres,
 * dataDir/s3); without one they run on a temporary folder that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.builder().optDataDir(Path.of(".data")).start()) {
 *     String bootstrap = stack.kafkaBootstrapServers();
 * }
 * }</pre>
 */
public final class DevStack implements AutoCloseable {

    public static final String DEFAULT_DATABASE = "clipvq";
    public static final String DEFAULT_BUCKET = "clipvq";

    private static final String DB_USER = "clipvq";
    private static final String DB_PASSWORD = "clipvq";
    private static final String S3_ACCESS_KEY = "clipvq";
    private static final String S3_SECRET_KEY = "clipvq-secret";
    // S3 bucket naming rules (lower case, digits, dots, hyphens; 3..63 characters)
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final String bucket;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final S3Server s3;
    private final Map<String, Duration> startTimes;
    private boolean closed;

    private DevStack(Path dataDir, boolean temporaryDataDir, String bucket, KafkaBroker kafka, PostgresServer postgres,
                     S3Server s3, Map<String, Duration> startTimes) {
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.bucket = bucket;
        this.kafka = kafka;
        this.postgres = postgres;
        this.s3 = s3;
        Map<String, Duration> ordered = new LinkedHashMap<>();
        for (String service : List.of("kafka", "postgres", "s3", "total")) {
            ordered.put(service, startTimes.get(service));
        }
        this.startTimes = Collections.unmodifiableMap(ordered);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String jdbcUser() {
        return DB_USER;
    }

    public String jdbcPassword() {
        return DB_PASSWORD;
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return S3_ACCESS_KEY;
    }

    public String s3SecretKey() {
        return S3_SECRET_KEY;
    }

    /** The bucket created at start (when missing). */
    public String bucket() {
        return bucket;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Makes the S3 server refuse connections until {@link #resumeStorage}, keeping its objects: an outage of the
     * object storage, for fault tests.
     */
    public void stopStorage() throws Exception {
        s3.stopServing();
    }

    /** Ends an outage begun by {@link #stopStorage}: the same endpoint answers again, with the same objects. */
    public void resumeStorage() throws Exception {
        s3.resumeServing();
    }

    /** Shuts the Kafka broker down until {@link #resumeKafka}, keeping its topics and offsets. For fault tests. */
    public void stopKafka() {
        kafka.stopServing();
    }

    /** Starts the broker again on the same address, with the same topics and offsets. */
    public void resumeKafka() {
        kafka.resumeServing();
    }

    /** How long each service took to start ("kafka", "postgres", "s3", and "total" for the whole stack). */
    public Map<String, Duration> startTimes() {
        return startTimes;
    }

    /** Stops S3, PostgreSQL and Kafka (in that order), then deletes the folder if it was a temporary one. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        Exception failure = null;
        for (AutoCloseable service : List.<AutoCloseable>of(s3, postgres, kafka)) {
            try {
                service.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (temporaryDataDir) {
            deleteRecursively(dataDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Settings; every one is optional. Ports: 0 (the default) picks a free port. */
    public static final class Builder {

        private Path dataDir;
        private int kafkaPort;
        private int postgresPort;
        private int s3Port;
        private String bucket = DEFAULT_BUCKET;

        private Builder() {
        }

        /** Keep the services' data under this folder between runs (default: a temporary folder deleted on close). */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        public Builder optKafkaPort(int port) {
            this.kafkaPort = checkPort("kafkaPort", port);
            return this;
        }

        public Builder optPostgresPort(int port) {
            this.postgresPort = checkPort("postgresPort", port);
            return this;
        }

        public Builder optS3Port(int port) {
            this.s3Port = checkPort("s3Port", port);
            return this;
        }

        /** The bucket created at start when missing (default {@value #DEFAULT_BUCKET}). */
        public Builder optBucket(String bucket) {
            Objects.requireNonNull(bucket, "bucket");
            if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
                throw new IllegalArgumentException("bucket: '" + bucket
                        + "' is not a valid S3 bucket name (3-63 characters: lower-case letters, digits, '.', '-')");
            }
            this.bucket = bucket;
            return this;
        }

        private static int checkPort(String name, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + ": must be 0 (any free port) or 1..65535, got " + port);
            }
            return port;
        }

        /**
         * Starts the three services in parallel and returns once each accepts connections. If one fails, those
         * already started are stopped again and the failure is thrown.
         */
        public DevStack start() throws Exception {
            long begin = System.nanoTime();
            boolean temporary = dataDir == null;
            Path root = temporary ? Files.createTempDirectory("clipvq-devstack-") : dataDir.toAbsolutePath();
            Files.createDirectories(root);

            // Kafka instantiates classes by name through the context class loader, and its own threads inherit
            // the starter's; the caller's may not see Kafka at all (a @QuarkusTest's, Maven's under exec:java)
            ClassLoader servicesLoader = DevStack.class.getClassLoader();
            ExecutorService starter = Executors.newFixedThreadPool(3, runnable -> {
                Thread thread = new Thread(runnable, "devstack-start");
                thread.setDaemon(true);
                thread.setContextClassLoader(servicesLoader);
                return thread;
            });
            Map<String, Duration> times = new ConcurrentHashMap<>();
            Future<KafkaBroker> kafka = starter.submit(timed("kafka", times,
                    () -> KafkaBroker.start(root.resolve("kafka"), kafkaPort)));
            Future<PostgresServer> postgres = starter.submit(timed("postgres", times,
                    () -> PostgresServer.start(root.resolve("postgres"), postgresPort, DEFAULT_DATABASE, DB_USER, DB_PASSWORD)));
            Future<S3Server> s3 = starter.submit(timed("s3", times,
                    () -> S3Server.start(root.resolve("s3"), s3Port, S3_ACCESS_KEY, S3_SECRET_KEY, bucket)));
            starter.shutdown();

            List<AutoCloseable> started = new ArrayList<>();
            Exception failure = null;
            KafkaBroker kafkaBroker = collect(kafka, started);
            PostgresServer postgresServer = collect(postgres, started);
            S3Server s3Server = collect(s3, started);
            for (Future<?> future : List.of(kafka, postgres, s3)) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                for (AutoCloseable service : started) {
                    try {
                        service.close();
                    } catch (Exception e) {
                        failure.addSuppressed(e);
                    }
                }
                if (temporary) {
                    try {
                        deleteRecursively(root);
                    } catch (IOException e) {
                        failure.addSuppressed(e);
                    }
                }
                throw failure;
            }
            times.put("total", Duration.ofNanos(System.nanoTime() - begin));
            return new DevStack(root, temporary, bucket, kafkaBroker, postgresServer, s3Server, times);
        }

        private static <T> Callable<T> timed(String name, Map<String, Duration> times, Callable<T> start) {
            return () -> {
                long begin = System.nanoTime();
                T service = start.call();
                times.put(name, Duration.ofNanos(System.nanoTime() - begin));
                return service;
            };
        }

        private static <T extends AutoCloseable> T collect(Future<T> future, List<AutoCloseable> started)
                throws InterruptedException {
            try {
                T service = future.get();
                started.add(service);
                return service;
            } catch (ExecutionException e) {
                return null;
            }
        }
    }
}
