package io.clipvq.worker.testing;

import io.clipvq.contracts.job.CancelRequest;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.Topics;
import io.clipvq.devstack.DevStack;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What an integration test does from outside the worker: produce requests and cancels, read events and the
 * dead-letter topic, look at the bucket and at the tables. Everything talks to the real DevStack services.
 */
public final class JobTestClient implements AutoCloseable {

    private final DevStack stack;
    private final KafkaProducer<String, String> producer;
    private final MinioClient s3;

    public JobTestClient(DevStack stack) {
        this.stack = stack;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        this.s3 = MinioClient.builder().endpoint(stack.s3Endpoint()).region("us-east-1")
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).build();
    }

    public void submit(JobRequest request) {
        sendRaw(Topics.JOB_REQUESTS, request.jobId(), JobJson.toJson(request));
    }

    public void cancel(String jobId, String reason) {
        sendRaw(Topics.JOB_CONTROL, jobId, JobJson.toJson(CancelRequest.of(jobId, reason)));
    }

    public void sendRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Every event of the job so far, in order. */
    public List<JobEvent> events(String jobId) {
        List<JobEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(Topics.JOB_EVENTS)) {
            if (jobId.equals(record.key())) {
                events.add(JobJson.parseEvent(record.value()));
            }
        }
        return events;
    }

    /** Waits until the job has {@code count} events matching {@code which}; returns all of its events. */
    public List<JobEvent> awaitEvents(String jobId, Predicate<JobEvent> which, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<JobEvent> events = List.of();
        while (Instant.now().isBefore(deadline)) {
            events = events(jobId);
            if (events.stream().filter(which).count() >= count) {
                return events;
            }
            pause(200);
        }
        throw new AssertionError("job " + jobId + ": fewer than " + count + " matching events within " + timeout
                + "; events so far: " + events.stream().map(e -> e.type().wireName()).toList());
    }

    public JobEvent awaitTerminal(String jobId, Duration timeout) {
        List<JobEvent> events = awaitEvents(jobId, e -> e.type().isTerminal(), 1, timeout);
        return events.stream().filter(e -> e.type().isTerminal()).reduce((a, b) -> b).orElseThrow();
    }

    public static Predicate<JobEvent> ofType(JobEventType type) {
        return e -> e.type() == type;
    }

    /** Sends bytes as they are (for messages that are not text). */
    public void sendBytes(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            bytes.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** The values of a topic's records with the given key, as the bytes that were written. */
    public List<byte[]> valueBytes(String topic, String key) {
        return readAll(topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer()).stream()
                .filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    /** Every record of a topic so far, values as text. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        return readAll(topic);
    }

    /** The records of the dead-letter topic with the given key, value and reason header. */
    public List<ConsumerRecord<String, String>> deadLetters(String key) {
        return readAll(Topics.JOB_REQUESTS_DEAD_LETTER).stream().filter(r -> key.equals(r.key())).toList();
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(topic, new StringDeserializer());
    }

    /** Every record of the topic from its beginning to its end as of now (waiting at most 10 s). */
    private <V> List<ConsumerRecord<String, V>> readAll(String topic,
                                                        org.apache.kafka.common.serialization.Deserializer<V> values) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), values)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Copies every file of a directory to {@code prefix + relative path} in the bucket. */
    public void uploadDirectory(java.nio.file.Path dir, String prefix) {
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                s3.uploadObject(io.minio.UploadObjectArgs.builder().bucket(stack.bucket())
                        .object(prefix + dir.relativize(file).toString().replace('\\', '/'))
                        .filename(file.toString()).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot upload " + dir + " to " + prefix, e);
        }
    }

    /** Object keys under a prefix, sorted. */
    public List<String> objectKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(stack.bucket()).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list " + prefix, e);
        }
        keys.sort(String::compareTo);
        return keys;
    }

    public byte[] objectBytes(String key) {
        try (GetObjectResponse in = s3.getObject(GetObjectArgs.builder().bucket(stack.bucket()).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + key, e);
        }
    }

    public StatObjectResponse stat(String key) {
        try {
            return s3.statObject(StatObjectArgs.builder().bucket(stack.bucket()).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot stat " + key, e);
        }
    }

    /** Rows of a query as column-name maps. */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    public Map<String, Object> jobRow(String jobId) {
        List<Map<String, Object>> rows = query("select * from jobs where job_id = ?", jobId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<Map<String, Object>> imageRows(String jobId) {
        return query("select * from images where job_id = ? order by prompt_index, rank", jobId);
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        s3.close();
    }
}
