package io.clipvq.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables through which the worker is told where Kafka, PostgreSQL and object storage are.
 * The worker reads exactly these names (Quarkus maps each to its config property); docker-compose.yml uses them too.
 */
public final class WorkerEnvironment {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DATASOURCE_JDBC_URL = "QUARKUS_DATASOURCE_JDBC_URL";
    public static final String DATASOURCE_USERNAME = "QUARKUS_DATASOURCE_USERNAME";
    public static final String DATASOURCE_PASSWORD = "QUARKUS_DATASOURCE_PASSWORD";
    public static final String STORAGE_ENDPOINT = "CLIPVQ_STORAGE_ENDPOINT";
    public static final String STORAGE_ACCESS_KEY = "CLIPVQ_STORAGE_ACCESS_KEY";
    public static final String STORAGE_SECRET_KEY = "CLIPVQ_STORAGE_SECRET_KEY";
    public static final String STORAGE_BUCKET = "CLIPVQ_STORAGE_BUCKET";

    /** The model bundle directory; not a service endpoint, so the launcher sets it apart from {@link #of(DevStack)}. */
    public static final String MODEL_BUNDLE_DIR = "CLIPVQ_MODEL_BUNDLE_DIR";

    /**
     * The bearer token of the worker's HTTP API (writes need it); not a service endpoint either, so the launcher sets it
     * apart from {@link #of(DevStack)}, and the tests choose their own.
     */
    public static final String API_TOKEN = "CLIPVQ_API_TOKEN";

    /** Every variable, in the order {@link #of(DevStack)} lists them. */
    public static final List<String> NAMES = List.of(KAFKA_BOOTSTRAP_SERVERS, DATASOURCE_JDBC_URL, DATASOURCE_USERNAME,
            DATASOURCE_PASSWORD, STORAGE_ENDPOINT, STORAGE_ACCESS_KEY, STORAGE_SECRET_KEY, STORAGE_BUCKET);

    private WorkerEnvironment() {
    }

    /** Every variable above, with its value for this stack, in a stable order. */
    public static Map<String, String> of(DevStack stack) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(KAFKA_BOOTSTRAP_SERVERS, stack.kafkaBootstrapServers());
        variables.put(DATASOURCE_JDBC_URL, stack.jdbcUrl());
        variables.put(DATASOURCE_USERNAME, stack.jdbcUser());
        variables.put(DATASOURCE_PASSWORD, stack.jdbcPassword());
        variables.put(STORAGE_ENDPOINT, stack.s3Endpoint());
        variables.put(STORAGE_ACCESS_KEY, stack.s3AccessKey());
        variables.put(STORAGE_SECRET_KEY, stack.s3SecretKey());
        variables.put(STORAGE_BUCKET, stack.bucket());
        return variables;
    }
}
