package io.clipvq.worker.config;

import io.clipvq.contracts.job.Topics;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsConfigSourceTest {

    @Test
    void should_give_the_channels_the_topic_names_of_the_contracts() {
        TopicsConfigSource source = new TopicsConfigSource();

        assertThat(source.getValue("mp.messaging.incoming.job-requests.topic")).isEqualTo(Topics.JOB_REQUESTS);
        assertThat(source.getValue("mp.messaging.incoming.job-requests.dead-letter-queue.topic"))
                .isEqualTo(Topics.JOB_REQUESTS_DEAD_LETTER);
        assertThat(source.getValue("mp.messaging.incoming.job-control.topic")).isEqualTo(Topics.JOB_CONTROL);
        assertThat(source.getValue("mp.messaging.outgoing.job-events.topic")).isEqualTo(Topics.JOB_EVENTS);
        assertThat(source.getValue("mp.messaging.incoming.job-requests.group.id")).isEqualTo(Topics.WORKER_GROUP);
    }

    @Test
    void should_give_the_registrar_the_request_topics_under_groups_of_its_own() {
        TopicsConfigSource source = new TopicsConfigSource();

        assertThat(source.getValue("mp.messaging.incoming.job-arrivals.topic")).isEqualTo(Topics.JOB_REQUESTS);
        assertThat(source.getValue("mp.messaging.incoming.bulk-arrivals.topic")).isEqualTo(Topics.BULK_REQUESTS);
        assertThat(source.getValue("mp.messaging.incoming.job-arrivals.group.id")).isEqualTo(Topics.REGISTRAR_GROUP)
                .isNotEqualTo(source.getValue("mp.messaging.incoming.job-requests.group.id"));
        assertThat(source.getValue("mp.messaging.incoming.bulk-arrivals.group.id"))
                .isEqualTo(Topics.BULK_REGISTRAR_GROUP)
                .isNotEqualTo(source.getValue("mp.messaging.incoming.bulk-requests.group.id"));
    }

    @Test
    void should_give_the_bulk_channels_their_topic_names_from_the_same_source() {
        TopicsConfigSource source = new TopicsConfigSource();

        assertThat(source.getValue("mp.messaging.incoming.bulk-requests.topic")).isEqualTo(Topics.BULK_REQUESTS);
        assertThat(source.getValue("mp.messaging.incoming.bulk-requests.dead-letter-queue.topic"))
                .isEqualTo(Topics.BULK_REQUESTS_DEAD_LETTER);
        assertThat(source.getValue("mp.messaging.incoming.bulk-shards.topic")).isEqualTo(Topics.BULK_SHARDS);
        assertThat(source.getValue("mp.messaging.outgoing.bulk-shards-out.topic")).isEqualTo(Topics.BULK_SHARDS);
        assertThat(source.getValue("mp.messaging.outgoing.bulk-progress.topic")).isEqualTo(Topics.BULK_PROGRESS);
        assertThat(source.getValue("mp.messaging.incoming.bulk-shards.group.id"))
                .isEqualTo(Topics.WORKER_SHARD_GROUP);
        assertThat(source.getPropertyNames()).hasSize(21);
    }

    @Test
    void should_point_the_http_api_channels_at_the_topics_the_cli_uses() {
        TopicsConfigSource source = new TopicsConfigSource();

        assertThat(source.getValue("mp.messaging.outgoing.api-job-requests.topic")).isEqualTo(Topics.JOB_REQUESTS);
        assertThat(source.getValue("mp.messaging.outgoing.api-job-control.topic")).isEqualTo(Topics.JOB_CONTROL);
        assertThat(source.getValue("mp.messaging.incoming.api-job-events.topic")).isEqualTo(Topics.JOB_EVENTS);
        // the event stream's group is per process (application.properties), never a shared one from here
        assertThat(source.getValue("mp.messaging.incoming.api-job-events.group.id")).isNull();
    }

    @Test
    void should_rank_below_application_properties_so_a_deployment_can_rename_a_topic() {
        assertThat(new TopicsConfigSource().getOrdinal()).isLessThan(250);
    }

    @Test
    void should_leave_the_topic_names_out_of_application_properties() throws Exception {
        Properties properties = new Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertThat(properties.stringPropertyNames()).noneMatch(name -> name.endsWith(".topic"));
    }
}
