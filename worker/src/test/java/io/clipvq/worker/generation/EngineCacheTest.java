package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.testing.GenerationConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EngineCacheTest {

    private final Opener opener = new Opener();

    @Test
    void should_open_an_engine_only_when_a_job_first_needs_its_model_and_keep_it_for_the_next() {
        EngineCache cache = cache(1, 0, bundle("a", 100), bundle("b", 100));
        assertThat(opener.opened).isEmpty();
        assertThat(cache.models()).extracting(ServableModel::open).containsExactly(false, false);

        assertThat(cache.withEngine(model(cache, "a"), TextToImageEngine::modelName)).isEqualTo("a");
        assertThat(cache.withEngine(model(cache, "a"), TextToImageEngine::modelName)).isEqualTo("a");

        assertThat(opener.opened).extracting(FakeEngine::modelName).containsExactly("a");
        assertThat(cache.models()).extracting(ServableModel::id, ServableModel::open)
                .containsExactly(tuple("a:1", true),
                        tuple("b:1", false));
    }

    @Test
    void should_close_the_least_recently_used_model_to_stay_within_the_budget() {
        EngineCache cache = cache(1, 250, bundle("a", 100), bundle("b", 100), bundle("c", 100), bundle("d", 100));
        use(cache, "a");
        use(cache, "b");
        use(cache, "a"); // b is now the least recently used

        use(cache, "c");

        assertThat(closed()).containsExactly("b");
        assertThat(cache.openBytes()).isEqualTo(200);
        use(cache, "d");
        assertThat(closed()).containsExactly("b", "a");
        assertThat(cache.models()).filteredOn(ServableModel::open).extracting(ServableModel::name)
                .containsExactly("c", "d");
    }

    @Test
    void should_never_close_a_model_while_a_job_uses_it_and_exceed_the_budget_instead() throws Exception {
        EngineCache cache = cache(2, 150, bundle("a", 100), bundle("b", 100));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<String> holder = threads.submit(() -> cache.withEngine(model(cache, "a"), engine -> {
                holding.countDown();
                await(release);
                return engine.modelName();
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            String other = cache.withEngine(model(cache, "b"), TextToImageEngine::modelName);

            assertThat(other).isEqualTo("b");
            assertThat(closed()).isEmpty();
            assertThat(cache.openBytes()).isEqualTo(200);
            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void should_lend_no_more_engines_at_once_than_configured_across_all_models() throws Exception {
        EngineCache cache = cache(1, 0, bundle("a", 100), bundle("b", 100));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> holder = threads.submit(() -> cache.withEngine(model(cache, "a"), engine -> {
                holding.countDown();
                await(release);
                return engine.modelName();
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> other = threads.submit(() -> cache.withEngine(model(cache, "b"),
                    TextToImageEngine::modelName));
            Thread.sleep(200);
            assertThat(other).as("a second model's job waits while the only engine slot is lent").isNotDone();

            release.countDown();

            assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void should_open_up_to_one_engine_per_generation_thread_for_a_model_and_make_a_further_job_wait()
            throws Exception {
        EngineCache cache = cache(2, 0, bundle("a", 100));
        CountDownLatch bothHolding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holders.add(threads.submit(() -> cache.withEngine(model(cache, "a"), engine -> {
                    bothHolding.countDown();
                    await(release);
                    return ((FakeEngine) engine).index;
                })));
            }
            assertThat(bothHolding.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> third = threads.submit(() -> cache.withEngine(model(cache, "a"),
                    engine -> ((FakeEngine) engine).index));
            Thread.sleep(200);
            assertThat(third).isNotDone();

            release.countDown();

            assertThat(third.get(10, TimeUnit.SECONDS)).isIn(0, 1);
            assertThat(List.of(holders.get(0).get(), holders.get(1).get())).containsExactlyInAnyOrder(0, 1);
            assertThat(opener.opened).hasSize(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void should_pass_on_a_failed_open_and_try_again_on_the_next_job() {
        EngineCache cache = cache(1, 150, bundle("a", 100));
        opener.failNext = true;

        assertThatThrownBy(() -> use(cache, "a")).hasMessage("bundle a:1 is corrupt");
        assertThat(cache.openBytes()).isZero();

        use(cache, "a");
        assertThat(opener.opened).hasSize(1);
    }

    @Test
    void should_refuse_a_model_no_longer_servable() {
        EngineCache cache = cache(1, 0, bundle("a", 100));
        ServableModel gone = new ServableModel("gone", "1", "nowhere", false);

        assertThatThrownBy(() -> cache.withEngine(gone, TextToImageEngine::modelName))
                .isInstanceOf(UnknownModelException.class)
                .hasMessage("model gone:1 is not servable here; servable: a:1");
    }

    @Test
    void should_close_every_engine_on_shutdown() {
        EngineCache cache = cache(1, 0, bundle("a", 100), bundle("b", 100));
        use(cache, "a");
        use(cache, "b");

        cache.close();

        assertThat(closed()).containsExactlyInAnyOrder("a", "b");
    }

    private EngineCache cache(int engines, long budgetBytes, DiscoveredBundle... bundles) {
        BundleDiscovery place = new BundleDiscovery() {
            @Override
            public List<DiscoveredBundle> scan() {
                return List.of(bundles);
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        WorkerConfig.Generation settings = GenerationConfig.of(engines, 1, false, Optional.empty());
        return new EngineCache(new ModelRegistry(List.of(place), System::currentTimeMillis), opener, settings,
                Path.of("unused"), budgetBytes);
    }

    private static DiscoveredBundle bundle(String name, long bytes) {
        return ManifestFixtures.bundle(name, "1", bytes);
    }

    private static ServableModel model(EngineCache cache, String name) {
        return cache.resolve(new ModelRef(name, null)).orElseThrow();
    }

    private static void use(EngineCache cache, String name) {
        cache.withEngine(model(cache, name), TextToImageEngine::modelName);
    }

    /** The models whose engines were closed, in the order they were closed. */
    private List<String> closed() {
        return List.copyOf(opener.closed);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens fake engines named after their bundle, in order; fails once when told to. */
    private static final class Opener implements EngineOpener {
        final List<FakeEngine> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public TextToImageEngine open(BundleSource source, Path workDir, WorkerConfig.Generation settings, int engine) {
            String id = source.describe().substring("memory:".length());
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("bundle " + id + " is corrupt");
            }
            FakeEngine opened = new FakeEngine(id.split(":")[0], engine, closed);
            this.opened.add(opened);
            return opened;
        }
    }

    private static final class FakeEngine implements TextToImageEngine {
        final String name;
        final int index;
        final List<String> closedLog;

        FakeEngine(String name, int index, List<String> closedLog) {
            this.name = name;
            this.index = index;
            this.closedLog = closedLog;
        }

        @Override
        public String modelName() {
            return name;
        }

        @Override
        public String modelVersion() {
            return "1";
        }

        @Override
        public List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds,
                                                   GenerationSettings settings, List<KeptImages> keptSoFar) {
            throw new UnsupportedOperationException("not generated in these tests");
        }

        @Override
        public float[] imageEmbedding(byte[] png) {
            throw new UnsupportedOperationException("not embedded in these tests");
        }

        @Override
        public void close() {
            closedLog.add(name);
        }
    }
}
