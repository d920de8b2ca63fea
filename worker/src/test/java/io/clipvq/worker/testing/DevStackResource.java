package io.clipvq.worker.testing;

import io.clipvq.devstack.DevStack;
import io.clipvq.devstack.SharedDevStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Points an in-process worker at the shared DevStack (real Kafka, PostgreSQL and S3). */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        // Kafka's broker instantiates classes by name through the context class loader; under @QuarkusTest that
        // must be the loader that loaded the broker's own classes
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        DevStack stack;
        try {
            thread.setContextClassLoader(DevStack.class.getClassLoader());
            stack = SharedDevStack.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", stack.kafkaBootstrapServers());
        config.put("quarkus.datasource.jdbc.url", stack.jdbcUrl());
        config.put("quarkus.datasource.username", stack.jdbcUser());
        config.put("quarkus.datasource.password", stack.jdbcPassword());
        config.put("clipvq.storage.endpoint", stack.s3Endpoint());
        config.put("clipvq.storage.access-key", stack.s3AccessKey());
        config.put("clipvq.storage.secret-key", stack.s3SecretKey());
        config.put("clipvq.storage.bucket", stack.bucket());
        config.put("clipvq-test.delay-per-prompt-ms", "150");
        try {
            config.put("clipvq.model.bundle-dir", Files.createDirectories(Path.of("target", "test-bundle"))
                    .toAbsolutePath().toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        // the shared stack stops with the test JVM
    }
}
