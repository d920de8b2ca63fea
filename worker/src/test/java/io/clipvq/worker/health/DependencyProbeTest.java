package io.clipvq.worker.health;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyProbeTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        synchronized void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private final HandClock clock = new HandClock();

    @Test
    void should_be_down_until_first_checked_then_report_each_outcome() {
        boolean[] fail = {false};
        DependencyProbe probe = new DependencyProbe(() -> {
            if (fail[0]) {
                throw new IllegalStateException("connection refused\nat frame");
            }
        }, Duration.ofSeconds(2), clock);

        assertThat(probe.state().up()).isFalse();
        probe.probe();
        assertThat(probe.state()).isEqualTo(new DependencyProbe.State(true, "answered"));
        fail[0] = true;
        probe.probe();
        assertThat(probe.state()).isEqualTo(new DependencyProbe.State(false, "connection refused"));
    }

    @Test
    void should_say_down_at_once_when_a_check_has_hung_longer_than_allowed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        boolean[] hang = {false};
        DependencyProbe probe = new DependencyProbe(() -> {
            if (hang[0]) {
                entered.countDown();
                release.await();
            }
        }, Duration.ofSeconds(2), clock);
        probe.probe();
        hang[0] = true;
        Thread stalled = new Thread(probe::probe);
        stalled.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(probe.state().up()).as("within the allowed wait the last answer stands").isTrue();
        clock.advance(Duration.ofSeconds(2));
        // the stalled check holds its thread until released, so a state() that waited on it would never return
        DependencyProbe.State state = java.util.concurrent.CompletableFuture.supplyAsync(probe::state)
                .get(5, TimeUnit.SECONDS);
        assertThat(state).isEqualTo(new DependencyProbe.State(false, "no answer for 3 s"));

        release.countDown();
        stalled.join(5000);
        assertThat(probe.state().up()).isTrue();
    }
}
