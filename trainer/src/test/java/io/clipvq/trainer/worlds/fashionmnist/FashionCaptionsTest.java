package io.clipvq.trainer.worlds.fashionmnist;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FashionCaptionsTest {

    @Test
    void should_put_an_before_a_word_that_starts_with_a_vowel_and_nowhere_else() {
        assertThat(FashionCaptions.fill("a {}", "ankle boot")).isEqualTo("an ankle boot");
        assertThat(FashionCaptions.fill("a photo of a {}", "ankle boot")).isEqualTo("a photo of an ankle boot");
        assertThat(FashionCaptions.fill("an image of a {}", "ankle boot")).isEqualTo("an image of an ankle boot");
        assertThat(FashionCaptions.fill("a {} on a black background", "coat")).isEqualTo("a coat on a black background");
        assertThat(FashionCaptions.fill("an image of a {}", "tee")).isEqualTo("an image of a tee");
    }

    @Test
    void should_use_every_template_and_every_word_of_a_class_and_only_those() {
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            seen.add(FashionCaptions.caption(FashionClass.COAT, random));
        }
        assertThat(seen).containsExactlyInAnyOrder("a coat", "a photo of a coat", "a picture of a coat", "an image of a coat",
                "a coat on a black background", "a jacket", "a photo of a jacket", "a picture of a jacket",
                "an image of a jacket", "a jacket on a black background");
    }
}
