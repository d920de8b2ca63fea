package io.clipvq.worker.jobs;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OneRunPerKeyTest {

    @Test
    void should_make_a_second_run_of_a_key_wait_for_the_first_and_let_other_keys_run_meanwhile() throws Exception {
        OneRunPerKey runs = new OneRunPerKey();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> first = threads.submit(() -> runs.run("job-1", () -> {
                firstRunning.countDown();
                await(release);
            }));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> runs.run("job-1", () -> {
            }));
            Future<String> other = threads.submit(() -> runs.run("job-2", () -> "ran"));

            assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
            Thread.sleep(200);
            assertThat(second).as("the same key waits while its first run goes on").isNotDone();

            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(runs.keys()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void should_forget_a_key_whose_run_failed() {
        OneRunPerKey runs = new OneRunPerKey();

        try {
            runs.run("job-1", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the failure passes through
        }

        assertThat(runs.keys()).isZero();
        assertThat(runs.run("job-1", () -> "again")).isEqualTo("again");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
