package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DevStackExtension.class)
class DevStackExtensionIT {

    @Test
    void should_inject_one_running_stack_per_jvm(DevStack injected) throws Exception {
        assertThat(injected).isSameAs(SharedDevStack.get());
        try (Connection db = DriverManager.getConnection(injected.jdbcUrl(), injected.jdbcUser(), injected.jdbcPassword());
             Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT current_database(), current_user")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("clipvq");
            assertThat(row.getString(2)).isEqualTo("clipvq");
        }
    }

    @Test
    void should_give_the_worker_every_endpoint_of_the_stack(DevStack stack) {
        assertThat(WorkerEnvironment.of(stack))
                .containsEntry(WorkerEnvironment.KAFKA_BOOTSTRAP_SERVERS, stack.kafkaBootstrapServers())
                .containsEntry(WorkerEnvironment.DATASOURCE_JDBC_URL, stack.jdbcUrl())
                .containsEntry(WorkerEnvironment.DATASOURCE_USERNAME, "clipvq")
                .containsEntry(WorkerEnvironment.DATASOURCE_PASSWORD, "clipvq")
                .containsEntry(WorkerEnvironment.STORAGE_ENDPOINT, stack.s3Endpoint())
                .containsEntry(WorkerEnvironment.STORAGE_ACCESS_KEY, stack.s3AccessKey())
                .containsEntry(WorkerEnvironment.STORAGE_SECRET_KEY, stack.s3SecretKey())
                .containsEntry(WorkerEnvironment.STORAGE_BUCKET, DevStack.DEFAULT_BUCKET)
                .containsOnlyKeys(WorkerEnvironment.NAMES);
    }
}
