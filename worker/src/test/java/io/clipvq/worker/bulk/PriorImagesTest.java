package io.clipvq.worker.bulk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriorImagesTest {

    private static PriorImages.Recorded image(long index, int prompt, String sha) {
        return new PriorImages.Recorded(index, prompt, sha, null);
    }

    @Test
    void should_hand_over_recorded_images_only_once_the_runner_passes_their_index() {
        PriorImages prior = new PriorImages(List.of(image(10, 0, "a"), image(11, 0, "b"), image(13, 1, "c"),
                image(14, 0, "d")));

        prior.catchUpTo(10);
        assertThat(prior.of(0).size()).isZero();

        prior.catchUpTo(12);
        assertThat(prior.of(0).size()).isEqualTo(2);
        assertThat(prior.of(1).size()).isZero();

        prior.catchUpTo(15);
        assertThat(prior.of(0).size()).isEqualTo(3);
        assertThat(prior.of(1).size()).isEqualTo(1);
    }

    @Test
    void should_give_the_same_kept_set_object_for_a_prompt_every_time() {
        PriorImages prior = new PriorImages(List.of());

        assertThat(prior.of(3)).isSameAs(prior.of(3)).isNotSameAs(prior.of(4));
    }

    @Test
    void should_refuse_recorded_images_out_of_order() {
        assertThatThrownBy(() -> new PriorImages(List.of(image(5, 0, "a"), image(4, 0, "b"))))
                .hasMessageContaining("ascending");
    }
}
