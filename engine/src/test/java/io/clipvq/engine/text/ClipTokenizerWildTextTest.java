package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text as people paste it, tokenized as OpenAI CLIP tokenizes it. Corpus: wild_text.jsonl, written by
 * engine/src/test/python/wild_text_fixture.py: the ftfy-fixed text of each line written by hand from ftfy's
 * documentation (and equal to ftfy 6.3.1's fix_text where that was installed), the cleaned text and ids computed
 * from it by the independent Python port of simple_tokenizer.py. docs/text-cleaning.md says what is cleaned.
 */
class ClipTokenizerWildTextTest {

    private static final ClipTokenizer TOKENIZER = ClipTokenizer.openDefault();

    static List<JsonNode> corpus() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream stream = ClipTokenizerWildTextTest.class.getResourceAsStream("wild_text.jsonl");
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                rows.add(mapper.readTree(line));
            }
        }
        return rows;
    }

    @Test
    void should_cover_every_kind_of_wild_text_the_issue_names() throws IOException {
        Map<String, Long> perCase = corpus().stream()
                .collect(Collectors.groupingBy(row -> row.get("case").asText(), TreeMap::new, Collectors.counting()));
        assertThat(perCase.keySet()).contains("quotes", "ligatures", "width", "cjk-punctuation", "mojibake", "html",
                "bom", "control", "unicode", "clean");
        assertThat(perCase.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(2L));
        assertThat(perCase.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(40L);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void should_fix_the_text_as_ftfy_fix_text_does(JsonNode row) {
        assertThat(TextFixer.fixText(row.get("text").asText())).isEqualTo(row.get("fixed").asText());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void should_clean_the_text_as_the_reference_does(JsonNode row) {
        assertThat(new ClipTextCleaner().clean(row.get("text").asText())).isEqualTo(row.get("cleaned").asText());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("corpus")
    void should_give_openai_clip_token_ids(JsonNode row) {
        int[] expected = ints(row.get("ids"));
        String text = row.get("text").asText();
        assertThat(TOKENIZER.encode(text)).as("encode(%s)", text).containsExactly(expected);
        int[] withEnds = new int[expected.length + 2];
        withEnds[0] = ClipTokenizer.START_OF_TEXT;
        System.arraycopy(expected, 0, withEnds, 1, expected.length);
        withEnds[withEnds.length - 1] = ClipTokenizer.END_OF_TEXT;
        assertThat(TOKENIZER.tokenizeUnpadded(text)).containsExactly(withEnds);
    }

    @Test
    void should_tokenize_a_curly_apostrophe_like_a_straight_one() {
        assertThat(TOKENIZER.encode("don\u2019t")).containsExactly(TOKENIZER.encode("don't"));
        assertThat(TOKENIZER.encode("caf\u00c3\u00a9")).containsExactly(TOKENIZER.encode("caf\u00e9"));
        assertThat(TOKENIZER.encode("\ufb01sh")).containsExactly(TOKENIZER.encode("fish"));
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }
}
