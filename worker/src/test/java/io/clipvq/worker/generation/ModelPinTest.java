package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ModelPinTest {

    private final List<ServableModel> servable = List.of(new ServableModel("shapes", "1", "d", false),
            new ServableModel("shapes", "2", "d", false));

    private Optional<ServableModel> resolve(ModelRef ref) {
        return servable.stream().filter(m -> ref.matches(m.name(), m.version()))
                .reduce((first, second) -> second);
    }

    @Test
    void should_run_a_job_that_names_no_version_on_the_version_an_earlier_attempt_recorded() {
        assertThat(ModelPin.choose(new ModelRef("shapes", null), new ModelRef("shapes", "1"), this::resolve))
                .get().extracting(ServableModel::id).isEqualTo("shapes:1");
    }

    @Test
    void should_run_a_first_attempt_on_the_newest_version_and_a_named_version_on_itself() {
        assertThat(ModelPin.choose(new ModelRef("shapes", null), new ModelRef("shapes", null), this::resolve))
                .get().extracting(ServableModel::id).isEqualTo("shapes:2");
        assertThat(ModelPin.choose(new ModelRef("shapes", "1"), new ModelRef("shapes", "2"), this::resolve))
                .get().extracting(ServableModel::id).isEqualTo("shapes:1");
    }

    @Test
    void should_continue_on_the_newest_version_when_the_recorded_one_is_gone() {
        assertThat(ModelPin.choose(new ModelRef("shapes", null), new ModelRef("shapes", "0.9"), this::resolve))
                .get().extracting(ServableModel::id).isEqualTo("shapes:2");
        assertThat(ModelPin.choose(new ModelRef("other", null), null, this::resolve)).isEmpty();
    }
}
