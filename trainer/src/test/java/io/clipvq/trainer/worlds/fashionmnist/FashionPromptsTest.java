package io.clipvq.trainer.worlds.fashionmnist;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FashionPromptsTest {

    @Test
    void should_read_the_class_from_wordings_unlike_the_captions() {
        assertThat(FashionPrompts.classOf("a pair of blue jeans")).isEqualTo(FashionClass.TROUSER);
        assertThat(FashionPrompts.classOf("A warm wool jumper.")).isEqualTo(FashionClass.PULLOVER);
        assertThat(FashionPrompts.classOf("someone's leather purse")).isEqualTo(FashionClass.BAG);
        assertThat(FashionPrompts.classOf("running shoes, side view")).isEqualTo(FashionClass.SNEAKER);
        assertThat(FashionPrompts.classOf("flip-flops for the beach")).isEqualTo(FashionClass.SANDAL);
    }

    @Test
    void should_prefer_the_longest_phrase() {
        assertThat(FashionPrompts.classOf("a plain t-shirt")).isEqualTo(FashionClass.T_SHIRT);
        assertThat(FashionPrompts.classOf("an ankle boot")).isEqualTo(FashionClass.ANKLE_BOOT);
        assertThat(FashionPrompts.classOf("a tank top")).isEqualTo(FashionClass.T_SHIRT);
        assertThat(FashionPrompts.classOf("a shirt with buttons")).isEqualTo(FashionClass.SHIRT);
    }

    @Test
    void should_refuse_a_prompt_naming_no_class_or_two() {
        assertThatThrownBy(() -> FashionPrompts.classOf("a red circle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no Fashion-MNIST class");
        assertThatThrownBy(() -> FashionPrompts.classOf("a dress and a bag")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one class").hasMessageContaining("dress").hasMessageContaining("bag");
    }

    @Test
    void should_read_every_eval_prompt_wording_as_its_class_and_share_no_template_with_the_captions() {
        for (FashionClass c : FashionClass.values()) {
            for (String word : c.words()) {
                for (String template : FashionPromptsCommand.TEMPLATES) {
                    String prompt = FashionPromptsCommand.fill(template, word);
                    assertThat(FashionPrompts.classOf(prompt)).as(prompt).isEqualTo(c);
                }
            }
        }
        for (String template : FashionPromptsCommand.TEMPLATES) {
            String eval = template.replace("{a}", "{}");
            assertThat(FashionCaptions.TEMPLATES).doesNotContain(eval, eval.replace("{}", "a {}"));
        }
    }
}
