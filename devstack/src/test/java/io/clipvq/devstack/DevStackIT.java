package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackIT {

    @TempDir
    Path dataDir;

    @Test
    void should_start_kafka_postgres_and_s3_that_really_work() throws Exception {
        try (DevStack stack = DevStack.builder().optDataDir(dataDir).optBucket("images").start()) {
            report("fresh data dir", stack.startTimes());

            String topic = "devstack-it-" + UUID.randomUUID();
            produce(stack, topic, "job-1", "{\"prompt\":\"a red circle\"}");
            assertThat(consumeAll(stack, topic, 1)).containsExactly("job-1={\"prompt\":\"a red circle\"}");

            try (Connection db = connect(stack); Statement sql = db.createStatement()) {
                assertThat(db.getCatalog()).isEqualTo("clipvq");
                sql.execute("CREATE TABLE images (id INT PRIMARY KEY, object_key TEXT NOT NULL)");
                sql.execute("INSERT INTO images VALUES (1, 'jobs/1/0.png'), (2, 'jobs/1/1.png')");
                assertThat(queryStrings(sql, "SELECT object_key FROM images ORDER BY id"))
                        .containsExactly("jobs/1/0.png", "jobs/1/1.png");
            }

            MinioClient s3 = s3Client(stack);
            assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket("images").build())).isTrue();
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, 3};
            put(s3, "images", "jobs/1/0.png", png);
            assertThat(get(s3, "images", "jobs/1/0.png")).isEqualTo(png);
        }
    }

    @Test
    void should_keep_kafka_records_database_rows_and_objects_across_a_restart() throws Exception {
        String topic = "devstack-restart";
        byte[] object = "kept between runs".getBytes(StandardCharsets.UTF_8);
        try (DevStack first = DevStack.builder().optDataDir(dataDir).start()) {
            produce(first, topic, "before", "restart");
            try (Connection db = connect(first); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL)");
                sql.execute("INSERT INTO jobs VALUES ('job-7', 'COMPLETED')");
            }
            put(s3Client(first), first.bucket(), "jobs/job-7/0.png", object);
        }

        try (DevStack second = DevStack.builder().optDataDir(dataDir).start()) {
            report("reused data dir", second.startTimes());
            try (Connection db = connect(second); Statement sql = db.createStatement()) {
                assertThat(queryStrings(sql, "SELECT id || ':' || status FROM jobs")).containsExactly("job-7:COMPLETED");
            }
            assertThat(get(s3Client(second), second.bucket(), "jobs/job-7/0.png")).isEqualTo(object);
            assertThat(consumeAll(second, topic, 1)).containsExactly("before=restart");
        }
    }

    @Test
    void should_delete_its_temporary_folder_on_close() throws Exception {
        Path folder;
        try (DevStack stack = DevStack.builder().start()) {
            folder = stack.dataDir();
            assertThat(folder.resolve("postgres").resolve("postgresql.conf")).exists();
            assertThat(folder.resolve("kafka").resolve("meta.properties")).exists();
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void should_name_the_port_when_a_fixed_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DevStack.builder().optDataDir(dataDir).optS3Port(port).start())
                    .hasMessageContaining("S3 port " + port + " is already in use");
        }
        // whatever had started was stopped again: the same folder starts cleanly
        try (DevStack stack = DevStack.builder().optDataDir(dataDir).start()) {
            assertThat(stack.s3Endpoint()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void should_start_when_the_callers_context_class_loader_cannot_see_kafka() throws Exception {
        // as under @QuarkusTest or exec:java: the caller's context loader is not the one that loaded Kafka
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new URLClassLoader(new URL[0], null));
        try (DevStack stack = DevStack.builder().start()) {
            thread.setContextClassLoader(previous);
            String topic = "devstack-loader-" + UUID.randomUUID();
            produce(stack, topic, "k", "v");
            assertThat(consumeAll(stack, topic, 1)).containsExactly("k=v");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void report(String label, Map<String, Duration> times) {
        StringBuilder line = new StringBuilder("DevStack start (" + label + "):");
        times.forEach((service, time) -> line.append(' ').append(service).append('=').append(time.toMillis()).append("ms"));
        System.out.println(line);
    }

    private static void produce(DevStack stack, String topic, String key, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, key, value)).get();
            assertThat(written.topic()).isEqualTo(topic);
        }
    }

    private static List<String> consumeAll(DevStack stack, String topic, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
        }
        return records;
    }

    private static Connection connect(DevStack stack) throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    }

    private static List<String> queryStrings(Statement sql, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static MinioClient s3Client(DevStack stack) {
        return MinioClient.builder()
                .endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build();
    }

    private static void put(MinioClient s3, String bucket, String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                .contentType("image/png")
                .build());
    }

    private static byte[] get(MinioClient s3, String bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }
}
