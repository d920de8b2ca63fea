package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final Place place = new Place("place-1");

    @Test
    void should_serve_the_exact_version_asked_for_and_the_newest_when_none_is_named() {
        place.bundles.addAll(List.of(ManifestFixtures.bundle("shapes", "0.9.0", 1), ManifestFixtures.bundle("shapes", "0.10.0", 1),
                ManifestFixtures.bundle("fashion", "0.1.0", 1)));
        ModelRegistry registry = new ModelRegistry(List.of(place), now::get);

        assertThat(registry.resolve(new ModelRef("shapes", "0.9.0"))).get().extracting(DiscoveredBundle::id)
                .isEqualTo("shapes:0.9.0");
        assertThat(registry.resolve(new ModelRef("shapes", null))).get().extracting(DiscoveredBundle::id)
                .isEqualTo("shapes:0.10.0");
        assertThat(registry.resolve(new ModelRef("shapes", "1.0"))).isEmpty();
        assertThat(registry.all()).extracting(DiscoveredBundle::id)
                .containsExactly("fashion:0.1.0", "shapes:0.9.0", "shapes:0.10.0");
    }

    @Test
    void should_pick_up_a_new_bundle_when_a_job_asks_for_it_at_most_once_a_second() {
        place.bundles.add(ManifestFixtures.bundle("shapes", "1", 1));
        ModelRegistry registry = new ModelRegistry(List.of(place), now::get);
        place.bundles.add(ManifestFixtures.bundle("fresh", "1", 1));

        assertThat(registry.resolve(new ModelRef("fresh", "1"))).isEmpty(); // scanned at start, under a second ago
        int scans = place.scans;
        now.addAndGet(ModelRegistry.MISS_RESCAN_MILLIS);
        assertThat(registry.resolve(new ModelRef("fresh", "1"))).isPresent();
        assertThat(place.scans).isEqualTo(scans + 1);
        assertThat(registry.resolve(new ModelRef("fresh", "1"))).isPresent();
        assertThat(place.scans).isEqualTo(scans + 1);
    }

    @Test
    void should_keep_what_a_place_had_when_it_cannot_be_listed() {
        place.bundles.add(ManifestFixtures.bundle("shapes", "1", 1));
        ModelRegistry registry = new ModelRegistry(List.of(place), now::get);
        place.failing = true;

        registry.rescan();

        assertThat(registry.all()).extracting(DiscoveredBundle::id).containsExactly("shapes:1");
    }

    @Test
    void should_serve_a_name_and_version_from_the_first_place_that_has_it() {
        Place second = new Place("place-2");
        place.bundles.add(ManifestFixtures.bundle("shapes", "1", 1));
        second.bundles.addAll(List.of(ManifestFixtures.bundle("shapes", "1", 2), ManifestFixtures.bundle("other", "1", 3)));
        ModelRegistry registry = new ModelRegistry(List.of(place, second), now::get);

        assertThat(registry.resolve(new ModelRef("shapes", "1"))).get().extracting(DiscoveredBundle::bytes)
                .isEqualTo(1L);
        assertThat(registry.all()).hasSize(2);
    }

    @Test
    void should_refuse_to_start_without_any_bundle() {
        assertThatThrownBy(() -> new ModelRegistry(List.of(place), now::get))
                .hasMessage("no model bundle found in place-1");
        assertThatThrownBy(() -> new ModelRegistry(List.of(), now::get))
                .hasMessageContaining("CLIPVQ_MODEL_BUNDLE_DIR");
    }

    /** A place whose bundles the test changes. */
    private static final class Place implements BundleDiscovery {
        final List<DiscoveredBundle> bundles = new ArrayList<>();
        final String name;
        boolean failing;
        int scans;

        Place(String name) {
            this.name = name;
        }

        @Override
        public List<DiscoveredBundle> scan() {
            scans++;
            if (failing) {
                throw new IllegalStateException("cannot list " + name);
            }
            return List.copyOf(bundles);
        }

        @Override
        public String describe() {
            return name;
        }
    }
}
