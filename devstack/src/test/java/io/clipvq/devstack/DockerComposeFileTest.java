package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml must hand the worker the same settings, under the same names, as the embedded stack. */
class DockerComposeFileTest {

    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws Exception {
        // surefire runs in the module folder; the compose file is at the repository root
        Path file = Path.of("..", "docker-compose.yml");
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Object>) compose.get("services");
        }
    }

    @Test
    void should_give_the_worker_every_variable_the_embedded_stack_gives_it() {
        assertThat(environment("worker")).containsKeys(WorkerEnvironment.NAMES.toArray(String[]::new));
    }

    @Test
    void should_point_the_worker_at_the_services_of_the_file() {
        Map<String, Object> worker = environment("worker");
        assertThat(advertisedListeners()).contains(String.valueOf(worker.get(WorkerEnvironment.KAFKA_BOOTSTRAP_SERVERS)));
        assertThat(worker.get(WorkerEnvironment.DATASOURCE_JDBC_URL))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + environment("postgres").get("POSTGRES_DB"));
        assertThat(worker.get(WorkerEnvironment.DATASOURCE_USERNAME)).isEqualTo(environment("postgres").get("POSTGRES_USER"));
        assertThat(worker.get(WorkerEnvironment.DATASOURCE_PASSWORD)).isEqualTo(environment("postgres").get("POSTGRES_PASSWORD"));
        assertThat(worker.get(WorkerEnvironment.STORAGE_ENDPOINT)).isEqualTo("http://minio:9000");
        assertThat(worker.get(WorkerEnvironment.STORAGE_ACCESS_KEY)).isEqualTo(environment("minio").get("MINIO_ROOT_USER"));
        assertThat(worker.get(WorkerEnvironment.STORAGE_SECRET_KEY)).isEqualTo(environment("minio").get("MINIO_ROOT_PASSWORD"));
        assertThat(worker.get(WorkerEnvironment.STORAGE_BUCKET)).isEqualTo(environment("minio-init").get("BUCKET"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_run_the_trainer_only_under_the_train_profile() {
        Map<String, Object> trainer = (Map<String, Object>) services.get("trainer");
        assertThat((List<String>) trainer.get("profiles")).containsExactly("train");
        for (String always : List.of("kafka", "postgres", "minio", "minio-init", "worker")) {
            assertThat((Map<String, Object>) services.get(always)).as(always).doesNotContainKey("profiles");
        }
    }

    private static List<String> advertisedListeners() {
        String listeners = String.valueOf(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"));
        return Arrays.stream(listeners.split(",")).map(listener -> listener.substring(listener.indexOf("://") + 3)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        assertThat(definition).as("service " + service).isNotNull();
        return (Map<String, Object>) definition.get("environment");
    }
}
