package io.clipvq.contracts.bulk;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.ModelRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkValidatorTest {

    private static final ModelRef MODEL = new ModelRef("m", null);

    @Test
    void should_name_field_and_value_of_every_broken_rule() {
        String json = "{\"schemaVersion\":1,\"jobId\":\"ok\",\"model\":{\"name\":\"m\"},\"prompts\":[\"p\",\"\"],"
                + "\"candidatesPerImage\":0,\"shardSize\":20000,\"layout\":\"tree\"}";

        assertThatThrownBy(() -> BulkJson.parseRequest(json)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("layout = \"tree\": must be one of flat, by-prompt");
        String valueErrors = "{\"schemaVersion\":1,\"jobId\":\"ok\",\"model\":{\"name\":\"m\"},\"prompts\":[\"p\",\"\"],"
                + "\"candidatesPerImage\":0,\"shardSize\":20000}";
        assertThatThrownBy(() -> BulkJson.parseRequest(valueErrors))
                .hasMessageContaining("prompts[1] = \"\": must not be empty or blank")
                .hasMessageContaining("candidatesPerImage = 0: must be between 1 and 64")
                .hasMessageContaining("shardSize = 20000: must be between 1 and 10000")
                .satisfies(e -> assertThat(((InvalidJobMessageException) e).jobId()).contains("ok"));
    }

    @Test
    void should_fill_defaults() {
        BulkRequest request = BulkJson.parseRequest(
                "{\"schemaVersion\":1,\"jobId\":\"d\",\"model\":{\"name\":\"m\"},\"prompts\":[\"p\"]}");

        assertThat(request.candidatesPerImage()).isEqualTo(16);
        assertThat(request.imagesPerPrompt()).isEqualTo(1);
        assertThat(request.shardSize()).isEqualTo(500);
        assertThat(request.layout()).isEqualTo(BulkLayout.FLAT);
        assertThat(request.outputPrefix()).isEqualTo("bulk");
        assertThat(request.tarShards()).isFalse();
        assertThat(request.seedBase()).isEqualTo(io.clipvq.contracts.job.JobRequest.defaultSeedFor("d"));
    }

    @Test
    void should_refuse_a_job_whose_size_breaks_the_limits_naming_the_field() {
        BulkRequest big = BulkRequest.builder("big", MODEL).optPromptsObject("p.txt").optImagesPerPrompt(10_000_000)
                .optShardSize(10_000).build();

        assertThat(BulkValidator.sizeProblem(big, 1000)).get().hasToString(
                "imagesPerPrompt = 10000000: 1000 prompts x 10000000 = 10000000000 images, more than the limit of "
                        + BulkDefaults.MAX_TOTAL_IMAGES);
        BulkRequest tiny = BulkRequest.builder("tiny", MODEL).optPromptsObject("p.txt").optImagesPerPrompt(1000)
                .optShardSize(1).build();
        assertThat(BulkValidator.sizeProblem(tiny, 2000)).get().extracting(v -> v.field()).isEqualTo("shardSize");
        assertThat(BulkValidator.sizeProblem(tiny, 1000)).isEmpty();
    }

    @Test
    void should_map_image_indices_to_prompts_and_repeats_and_seeds() {
        BulkRequest request = BulkRequest.builder("m", MODEL).addPrompts(List.of("a", "b", "c")).optImagesPerPrompt(4)
                .optSeedBase(99).build();

        assertThat(request.promptIndexOf(0)).isZero();
        assertThat(request.promptIndexOf(7)).isEqualTo(1);
        assertThat(request.repeatOf(7)).isEqualTo(3);
        assertThat(request.promptIndexOf(11)).isEqualTo(2);
        assertThat(request.imageSeed(5)).isEqualTo(io.clipvq.contracts.Seeds.derive(99, 5));
        assertThat(BulkLayout.FLAT.imagePath(12, 3, 0)).isEqualTo("images/0000000012.png");
        assertThat(BulkLayout.BY_PROMPT.imagePath(12, 3, 0)).isEqualTo("images/p0000003/0000000.png");
    }

    @Test
    void should_refuse_malformed_shard_messages() {
        assertThatThrownBy(() -> BulkJson.parseShard("{\"schemaVersion\":1,\"jobId\":\"j\",\"shardIndex\":-1,"
                + "\"firstImage\":0,\"imageCount\":0}"))
                .hasMessageContaining("shardIndex = -1: must be at least 0")
                .hasMessageContaining("imageCount = 0: must be between 1 and 10000");
        assertThatThrownBy(() -> BulkJson.parseShard("{\"schemaVersion\":1,\"jobId\":\"j\"}"))
                .hasMessageContaining("shardIndex: is required").hasMessageContaining("firstImage: is required");
    }

    @Test
    void should_refuse_an_inline_prompt_holding_a_nul_character_naming_it() {
        String bulk = "{\"schemaVersion\":1,\"jobId\":\"ok\",\"model\":{\"name\":\"m\"},\"prompts\":[\"p\",\"a\\u0000b\"]}";
        String single = "{\"schemaVersion\":1,\"jobId\":\"ok\",\"model\":{\"name\":\"m\"},\"prompts\":[\"a\\u0000b\"]}";

        assertThatThrownBy(() -> BulkJson.parseRequest(bulk)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("prompts[1]").hasMessageContaining("holds a NUL character (U+0000) at position 2");
        assertThatThrownBy(() -> io.clipvq.contracts.job.JobJson.parseRequest(single))
                .isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("prompts[0]").hasMessageContaining("holds a NUL character");
    }
}
