package io.clipvq.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link LocalStackMain}; relative paths are resolved against the project root. */
record LocalStackOptions(Path dataDir, Path bundleDir, Path workerJar, boolean runWorker, List<String> workerJvmArgs,
                         int kafkaPort, int postgresPort, int s3Port, String bucket, boolean help) {

    static final String USAGE = """
            usage: LocalStackMain [options]
              --data-dir DIR        where Kafka, PostgreSQL and S3 keep their data (default .data)
              --bundle DIR          the model bundle, or a directory of bundles, the worker serves (default
                                    $CLIPVQ_MODEL_BUNDLE_DIR, else every bundle under models/, else a
                                    random-weight bundle generated under the data folder)
              --worker-jar FILE     the worker to run (default worker/target/quarkus-app/quarkus-run.jar)
              --worker-jvm-arg ARG  a JVM option for the worker process (repeatable)
              --no-worker           start only Kafka, PostgreSQL and S3
              --kafka-port N        Kafka listener port (default 9092; 0 = any free port)
              --postgres-port N     PostgreSQL port (default 5432; 0 = any free port)
              --s3-port N           S3 endpoint port (default 9000; 0 = any free port)
              --bucket NAME         bucket created at start (default clipvq)
              --help                this text""";

    static LocalStackOptions parse(String[] args, Path projectRoot) {
        Path dataDir = projectRoot.resolve(".data");
        Path bundleDir = null;
        Path workerJar = projectRoot.resolve("worker/target/quarkus-app/quarkus-run.jar");
        boolean runWorker = true;
        List<String> jvmArgs = new ArrayList<>();
        int kafkaPort = 9092;
        int postgresPort = 5432;
        int s3Port = 9000;
        String bucket = DevStack.DEFAULT_BUCKET;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--data-dir" -> dataDir = projectRoot.resolve(value(args, ++i, option));
                case "--bundle" -> bundleDir = projectRoot.resolve(value(args, ++i, option)).normalize();
                case "--worker-jar" -> workerJar = projectRoot.resolve(value(args, ++i, option));
                case "--worker-jvm-arg" -> jvmArgs.add(value(args, ++i, option));
                case "--no-worker" -> runWorker = false;
                case "--kafka-port" -> kafkaPort = port(args, ++i, option);
                case "--postgres-port" -> postgresPort = port(args, ++i, option);
                case "--s3-port" -> s3Port = port(args, ++i, option);
                case "--bucket" -> bucket = value(args, ++i, option);
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new LocalStackOptions(dataDir.normalize(), bundleDir, workerJar.normalize(), runWorker, List.copyOf(jvmArgs),
                kafkaPort, postgresPort, s3Port, bucket, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String[] args, int index, String option) {
        String text = value(args, index, option);
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a port (0..65535)");
        }
    }
}
