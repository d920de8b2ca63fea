package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptBatcherTest {
    private static final ServableModel MODEL = new ServableModel("m", "1", "test", true);
    private static final ServableModel OTHER_MODEL = new ServableModel("n", "1", "test", true);
    private static final GenerationSettings SETTINGS = new GenerationSettings(4, 1, 10, null, null);
    private static final GenerationSettings OTHER_SETTINGS = new GenerationSettings(4, 1, 20, null, null);

    private final RecordingEngines engines = new RecordingEngines();
    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopCallers() {
        engines.gate.release(100);
        callers.shutdownNow();
    }

    private PromptBatcher batcher(int batchPrompts) {
        return new PromptBatcher(engines, new WorkerMetrics(new SimpleMeterRegistry()), batchPrompts, 1);
    }

    private Future<List<List<GeneratedImage>>> submit(PromptBatcher batcher, ServableModel model,
                                                      GenerationSettings settings, String... prompts) {
        long[] seeds = new long[prompts.length];
        for (int i = 0; i < prompts.length; i++) {
            seeds[i] = prompts[i].hashCode();
        }
        return callers.submit(() -> batcher.generate(model, settings, List.of(prompts), seeds, null));
    }

    /** Holds the engine with a first call until the later submissions are queued, then lets every call run. */
    private void queueBehindFirstCall(PromptBatcher batcher, Runnable later) throws Exception {
        engines.gate.drainPermits();
        Future<?> first = submit(batcher, MODEL, SETTINGS, "first");
        assertThat(engines.callStarted.await(10, TimeUnit.SECONDS)).isTrue();
        later.run();
        waitUntil(() -> batcherWaiting(batcher) >= 1);
        Thread.sleep(100);
        engines.gate.release(100);
        first.get(10, TimeUnit.SECONDS);
    }

    private static int batcherWaiting(PromptBatcher batcher) {
        return batcher.waitingSubmissions();
    }

    @Test
    void should_run_the_queued_prompts_of_several_callers_in_one_engine_call_oldest_first() throws Exception {
        PromptBatcher batcher = batcher(8);
        List<Future<List<List<GeneratedImage>>>> later = new ArrayList<>();

        queueBehindFirstCall(batcher, () -> {
            later.add(submit(batcher, MODEL, SETTINGS, "a1", "a2"));
            waitUntil(() -> batcher.waitingSubmissions() == 1);
            later.add(submit(batcher, MODEL, SETTINGS, "b1"));
            waitUntil(() -> batcher.waitingSubmissions() == 2);
        });

        List<List<GeneratedImage>> a = later.get(0).get(10, TimeUnit.SECONDS);
        List<List<GeneratedImage>> b = later.get(1).get(10, TimeUnit.SECONDS);
        assertThat(engines.calls).containsExactly(List.of("first"), List.of("a1", "a2", "b1"));
        assertThat(engines.lends).as("a caller whose prompts another ran never asks for an engine").isEqualTo(2);
        assertThat(a).extracting(images -> images.get(0).seed()).containsExactly((long) "a1".hashCode(),
                (long) "a2".hashCode());
        assertThat(b).extracting(images -> images.get(0).seed()).containsExactly((long) "b1".hashCode());
    }

    @Test
    void should_batch_only_prompts_with_the_same_model_and_settings() throws Exception {
        PromptBatcher batcher = batcher(8);
        List<Future<List<List<GeneratedImage>>>> later = new ArrayList<>();

        queueBehindFirstCall(batcher, () -> {
            later.add(submit(batcher, MODEL, OTHER_SETTINGS, "x"));
            waitUntil(() -> batcher.waitingSubmissions() == 1);
            later.add(submit(batcher, OTHER_MODEL, SETTINGS, "y"));
            waitUntil(() -> batcher.waitingSubmissions() == 2);
            later.add(submit(batcher, MODEL, SETTINGS, "z"));
            waitUntil(() -> batcher.waitingSubmissions() == 3);
        });
        for (Future<?> f : later) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(engines.calls).hasSize(4).contains(List.of("x"), List.of("y"), List.of("z"));
        assertThat(engines.settingsOfCalls).containsOnly(SETTINGS, OTHER_SETTINGS);
    }

    @Test
    void should_fill_a_call_up_to_the_limit_without_splitting_a_submission() throws Exception {
        PromptBatcher batcher = batcher(3);
        List<Future<List<List<GeneratedImage>>>> later = new ArrayList<>();

        queueBehindFirstCall(batcher, () -> {
            later.add(submit(batcher, MODEL, SETTINGS, "a1", "a2"));
            waitUntil(() -> batcher.waitingSubmissions() == 1);
            later.add(submit(batcher, MODEL, SETTINGS, "b1", "b2"));
            waitUntil(() -> batcher.waitingSubmissions() == 2);
            later.add(submit(batcher, MODEL, SETTINGS, "c1"));
            waitUntil(() -> batcher.waitingSubmissions() == 3);
        });
        for (Future<?> f : later) {
            f.get(10, TimeUnit.SECONDS);
        }

        // a (2) and c (1) fill the limit of 3; b would split, so it runs next on its own
        assertThat(engines.calls).containsExactly(List.of("first"), List.of("a1", "a2", "c1"), List.of("b1", "b2"));
    }

    @Test
    void should_report_a_failure_only_to_the_submission_that_causes_it() throws Exception {
        PromptBatcher batcher = batcher(8);
        List<Future<List<List<GeneratedImage>>>> later = new ArrayList<>();

        queueBehindFirstCall(batcher, () -> {
            later.add(submit(batcher, MODEL, SETTINGS, "good"));
            waitUntil(() -> batcher.waitingSubmissions() == 1);
            later.add(submit(batcher, MODEL, SETTINGS, "bad"));
            waitUntil(() -> batcher.waitingSubmissions() == 2);
        });

        assertThat(later.get(0).get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThatThrownBy(() -> later.get(1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot draw \"bad\"");
        assertThat(engines.calls).containsExactly(List.of("first"), List.of("good", "bad"), List.of("good"),
                List.of("bad"));
    }

    @Test
    void should_fail_a_submission_whose_model_has_no_engine_and_forget_it() {
        PromptBatcher batcher = batcher(8);
        ServableModel gone = new ServableModel("gone", "1", "test", false);

        assertThatThrownBy(() -> batcher.generate(gone, SETTINGS, List.of("p"), new long[] {1}, null))
                .isInstanceOf(UnknownModelException.class);
        assertThat(batcher.waitingSubmissions()).isZero();
    }

    @Test
    void should_let_no_more_callers_than_runners_ask_for_engines_at_once() throws Exception {
        PromptBatcher batcher = new PromptBatcher(engines, new WorkerMetrics(new SimpleMeterRegistry()), 1, 1);
        List<Future<List<List<GeneratedImage>>>> later = new ArrayList<>();

        queueBehindFirstCall(batcher, () -> {
            for (String prompt : List.of("a", "b", "c")) {
                later.add(submit(batcher, MODEL, SETTINGS, prompt));
            }
            waitUntil(() -> batcher.waitingSubmissions() == 3);
        });
        for (Future<?> f : later) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(engines.mostLentAtOnce).isEqualTo(1);
        assertThat(engines.calls).hasSize(4);
    }

    private PromptBatcher gathering(int batchPrompts, Duration window) {
        return new PromptBatcher(engines, new WorkerMetrics(new SimpleMeterRegistry()), batchPrompts, 1, window);
    }

    @Test
    void should_wait_for_a_joined_caller_that_has_not_submitted_yet_and_run_both_in_one_call() throws Exception {
        PromptBatcher batcher = gathering(8, Duration.ofSeconds(30));
        PromptBatcher.Participation first = batcher.join();
        PromptBatcher.Participation second = batcher.join();

        Future<List<List<GeneratedImage>>> a = submit(batcher, MODEL, SETTINGS, "a");
        waitUntil(() -> batcher.waitingSubmissions() == 1);
        Thread.sleep(200);
        assertThat(engines.calls).as("the runner waits for the second joined caller").isEmpty();
        Future<List<List<GeneratedImage>>> b = submit(batcher, MODEL, SETTINGS, "b");

        assertThat(a.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(b.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(engines.calls).containsExactly(List.of("a", "b"));
        first.close();
        second.close();
    }

    @Test
    void should_not_wait_when_every_joined_caller_has_submitted_or_left() throws Exception {
        PromptBatcher batcher = gathering(8, Duration.ofMinutes(5));
        PromptBatcher.Participation left = batcher.join();
        left.close();
        left.close();
        try (PromptBatcher.Participation alone = batcher.join()) {
            assertThat(submit(batcher, MODEL, SETTINGS, "a").get(10, TimeUnit.SECONDS)).hasSize(1);
        }

        assertThat(engines.calls).containsExactly(List.of("a"));
    }

    @Test
    void should_not_wait_when_the_batch_is_full() throws Exception {
        PromptBatcher batcher = gathering(2, Duration.ofMinutes(5));
        try (PromptBatcher.Participation first = batcher.join(); PromptBatcher.Participation idle = batcher.join()) {
            assertThat(submit(batcher, MODEL, SETTINGS, "a1", "a2").get(10, TimeUnit.SECONDS)).hasSize(2);
        }

        assertThat(engines.calls).containsExactly(List.of("a1", "a2"));
    }

    @Test
    void should_run_what_it_has_once_the_oldest_submission_has_waited_the_window() throws Exception {
        PromptBatcher batcher = gathering(8, Duration.ofMillis(300));
        try (PromptBatcher.Participation first = batcher.join(); PromptBatcher.Participation idle = batcher.join()) {
            long start = System.nanoTime();
            assertThat(submit(batcher, MODEL, SETTINGS, "a").get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(System.nanoTime() - start).as("waited the window").isGreaterThanOrEqualTo(
                    Duration.ofMillis(300).toNanos());
        }

        assertThat(engines.calls).containsExactly(List.of("a"));
    }

    @Test
    void should_refuse_a_negative_gather_window() {
        assertThatThrownBy(() -> gathering(8, Duration.ofMillis(-1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLIPVQ_BATCH_WAIT_MS");
    }

    @Test
    void should_refuse_a_limit_below_one() {
        assertThatThrownBy(() -> batcher(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLIPVQ_BATCH_PROMPTS");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Lends an engine to any caller, counting how many hold one at once (the batcher must keep that to its runners);
     * records every call's prompts and settings, waits at {@link #gate} before each call, and refuses "bad".
     */
    private static final class RecordingEngines implements Engines {
        final List<List<String>> calls = new ArrayList<>();
        volatile int lends;
        volatile int mostLentAtOnce;
        private final java.util.concurrent.atomic.AtomicInteger lentNow = new java.util.concurrent.atomic.AtomicInteger();
        final List<GenerationSettings> settingsOfCalls = new ArrayList<>();
        final Semaphore gate = new Semaphore(100);
        final CountDownLatch callStarted = new CountDownLatch(1);

        @Override
        public Optional<ServableModel> resolve(ModelRef model) {
            return Optional.empty();
        }

        @Override
        public List<ServableModel> models() {
            return List.of(MODEL, OTHER_MODEL);
        }

        @Override
        public <T> T withEngine(ServableModel model, Function<TextToImageEngine, T> work) {
            if (!models().contains(model)) {
                throw new UnknownModelException(model.id(), "m:1, n:1");
            }
            synchronized (this) {
                lends++;
                mostLentAtOnce = Math.max(mostLentAtOnce, lentNow.incrementAndGet());
            }
            try {
                return lend(model, work);
            } finally {
                lentNow.decrementAndGet();
            }
        }

        private <T> T lend(ServableModel model, Function<TextToImageEngine, T> work) {
            return work.apply(new TextToImageEngine() {
                @Override
                public String modelName() {
                    return model.name();
                }

                @Override
                public String modelVersion() {
                    return model.version();
                }

                @Override
                public List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds,
                                                           GenerationSettings settings, List<KeptImages> kept) {
                    callStarted.countDown();
                    gate.acquireUninterruptibly();
                    gate.release();
                    synchronized (RecordingEngines.this) {
                        calls.add(List.copyOf(prompts));
                        settingsOfCalls.add(settings);
                    }
                    if (prompts.contains("bad")) {
                        throw new IllegalArgumentException("cannot draw \"bad\"");
                    }
                    List<List<GeneratedImage>> out = new ArrayList<>();
                    for (int i = 0; i < prompts.size(); i++) {
                        out.add(List.of(new GeneratedImage(0, promptSeeds[i], 0.5, new byte[] {1}, 1, 1, "00", null)));
                    }
                    return out;
                }

                @Override
                public float[] imageEmbedding(byte[] png) {
                    return new float[] {1};
                }

                @Override
                public void close() {
                }
            });
        }
    }
}
