package io.clipvq.worker.api;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobJson;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JobEventBroadcastTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** An event as on the topic; the same text for the same arguments. */
    private static String event(String jobId, int done) {
        return JobJson.toJson(new JobEvent(1, JobEventType.PROGRESS, jobId, AT.plusSeconds(done).toString(), "w1", done,
                10, null, null, null, null, null, null, null, null));
    }

    @Test
    void should_pass_every_event_as_received_to_every_connected_client() {
        JobEventBroadcast broadcast = new JobEventBroadcast(8);
        AssertSubscriber<String> first = broadcast.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<String> second = broadcast.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        broadcast.receive(event("a", 1));
        broadcast.receive(event("b", 2));

        assertThat(first.getItems()).containsExactly(event("a", 1), event("b", 2));
        assertThat(second.getItems()).containsExactly(event("a", 1), event("b", 2));
    }

    @Test
    void should_give_a_client_only_the_events_after_it_connected() {
        JobEventBroadcast broadcast = new JobEventBroadcast(8);
        broadcast.receive(event("before", 1));

        AssertSubscriber<String> late = broadcast.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));
        broadcast.receive(event("after", 1));

        assertThat(late.getItems()).containsExactly(event("after", 1));
    }

    @Test
    void should_drop_what_is_not_a_job_event() {
        JobEventBroadcast broadcast = new JobEventBroadcast(8);
        AssertSubscriber<String> client = broadcast.subscribe().subscribe().withSubscriber(AssertSubscriber.create(10));

        broadcast.receive("{not json");
        broadcast.receive("<script>alert(1)</script>");
        broadcast.receive(event("ok", 1));

        assertThat(client.getItems()).containsExactly(event("ok", 1));
    }

    @Test
    void should_end_the_stream_of_a_client_that_falls_too_far_behind_and_keep_serving_the_others() {
        JobEventBroadcast broadcast = new JobEventBroadcast(3);
        AssertSubscriber<String> stalled = broadcast.subscribe().subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<String> reading = broadcast.subscribe().subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        for (int i = 0; i < 5; i++) {
            broadcast.receive(event("j", i));
        }

        stalled.assertFailedWith(io.smallrye.mutiny.subscription.BackPressureFailure.class);
        assertThat(reading.getItems()).hasSize(5);
        broadcast.receive(event("j", 5));
        assertThat(reading.getItems()).hasSize(6);
    }
}
