package io.clipvq.devstack;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Submits jobs to the worker as a client does (JSON requests on {@link Topics#JOB_REQUESTS}) and waits until every
 * one of them has ended: it follows the job events (the worker sends a job's final event after the jobs table says
 * it ended) and then reads the jobs table, which decides. Waiting on the events keeps the driver from polling the
 * database while it measures. Fails when a job ends other than completed or does not end in time.
 */
final class BenchJobDriver implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration EVENT_POLL = Duration.ofMillis(500);

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> events;
    private final Connection database;

    BenchJobDriver(DevStack stack) throws SQLException {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        this.events = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        // every partition from its current end, before any job is sent: no final event can be missed
        List<TopicPartition> partitions = events.partitionsFor(Topics.JOB_EVENTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        events.assign(partitions);
        events.seekToEnd(partitions);
        partitions.forEach(events::position);
        this.database = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    }

    /** Sends every request (keyed by job id) and waits for the broker to acknowledge them. */
    void submit(List<JobRequest> jobs) throws Exception {
        for (JobRequest job : jobs) {
            producer.send(new ProducerRecord<>(Topics.JOB_REQUESTS, job.jobId(), JobJson.toJson(job)));
        }
        producer.flush();
    }

    /** Waits until every job is completed; returns the images recorded for them (rows in the images table). */
    long awaitCompleted(List<JobRequest> jobs, Duration timeout) throws Exception {
        String[] ids = jobs.stream().map(JobRequest::jobId).toArray(String[]::new);
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitFinalEvents(ids, deadline);
        try (PreparedStatement ended = database.prepareStatement(
                "select count(*) filter (where status = 'completed'), count(*) filter (where status in ('failed', "
                        + "'cancelled')) from jobs where job_id = any(?)")) {
            ended.setArray(1, database.createArrayOf("varchar", ids));
            while (System.nanoTime() < deadline) {
                try (ResultSet counts = ended.executeQuery()) {
                    counts.next();
                    if (counts.getLong(2) > 0) {
                        throw new IllegalStateException(counts.getLong(2) + " bench job(s) failed or were cancelled");
                    }
                    if (counts.getLong(1) == ids.length) {
                        return imagesRecorded(ids);
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        throw new IllegalStateException("the bench jobs did not complete within " + timeout);
    }

    /** Reads the job events until each job has had its final event, or the deadline passes (no topic: no wait). */
    private void awaitFinalEvents(String[] ids, long deadline) {
        Set<String> open = new HashSet<>(Arrays.asList(ids));
        while (!events.assignment().isEmpty() && !open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : events.poll(EVENT_POLL)) {
                JobEvent event = JobJson.parseEvent(record.value());
                if (event.type().isTerminal()) {
                    open.remove(event.jobId());
                }
            }
        }
    }

    private long imagesRecorded(String[] ids) throws SQLException {
        try (PreparedStatement count = database.prepareStatement("select count(*) from images where job_id = any(?)")) {
            count.setArray(1, database.createArrayOf("varchar", ids));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        producer.close();
        events.close();
        database.close();
    }
}
