package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClipTokenizerTest {

    private static ClipTokenizer tokenizer;

    @BeforeAll
    static void loadTokenizer() {
        tokenizer = ClipTokenizer.openDefault();
    }

    @Test
    void should_tokenize_hello_world_as_openai_clip_does() {
        assertThat(tokenizer.tokenizeUnpadded("hello world")).containsExactly(49406, 3306, 1002, 49407);
        assertThat(tokenizer.encode("hello world")).containsExactly(3306, 1002);
    }

    @Test
    void should_lay_out_the_vocabulary_like_the_reference() {
        assertThat(tokenizer.token(0)).isEqualTo("!");
        assertThat(tokenizer.token(93)).isEqualTo("~");
        assertThat(tokenizer.token(256)).isEqualTo("!</w>");
        // first merge of the file ("i n") is id 512, the last kept one is 49405
        assertThat(tokenizer.token(512)).isEqualTo("in");
        assertThat(tokenizer.token(49406)).isEqualTo("<|startoftext|>");
        assertThat(tokenizer.token(49407)).isEqualTo("<|endoftext|>");
    }

    @Test
    void should_pad_to_77_with_zeros() {
        long[] row = tokenizer.tokenize("a photo of a cat");
        assertThat(row).hasSize(77);
        assertThat(row).startsWith(49406, 320, 1125, 539, 320, 2368, 49407);
        assertThat(IntStream.range(7, 77).mapToLong(i -> row[i])).containsOnly(0L);
    }

    @Test
    void should_truncate_long_text_keeping_the_end_token() {
        String text = "word ".repeat(200);
        long[] row = tokenizer.tokenize(text);
        int[] body = tokenizer.encode(text);
        assertThat(body).hasSize(200);
        assertThat(row[0]).isEqualTo(49406);
        assertThat(row[76]).isEqualTo(49407);
        assertThat(IntStream.range(1, 76).mapToLong(i -> row[i])).containsOnly((long) body[0]);
        assertThat(tokenizer.tokenizeUnpadded(text)).hasSize(77);
    }

    @Test
    void should_write_rows_into_a_flat_batch_buffer_and_report_lengths() {
        long[] batch = new long[2 * 77];
        batch[77 + 76] = 123;
        int first = tokenizer.tokenizeInto("hello world", batch, 0);
        int second = tokenizer.tokenizeInto("a photo of a cat", batch, 77);
        assertThat(first).isEqualTo(4);
        assertThat(second).isEqualTo(7);
        assertThat(batch[77 + 76]).as("stale data overwritten by padding").isZero();
        assertThat(batch[77]).isEqualTo(49406);
        assertThatThrownBy(() -> tokenizer.tokenizeInto("x", batch, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 100");
    }

    @Test
    void should_decode_back_to_the_cleaned_text() {
        int[] ids = tokenizer.encode("Don't  stop the Café &amp; 42 engines!");
        assertThat(tokenizer.decode(ids)).isEqualTo("don 't stop the café & 4 2 engines ! ");
    }

    @Test
    void should_give_the_same_ids_on_repeated_calls_through_the_cache() {
        int[] first = tokenizer.encode("antidisestablishmentarianism antidisestablishmentarianism");
        int[] second = tokenizer.encode("antidisestablishmentarianism");
        assertThat(first).hasSize(second.length * 2);
        assertThat(first).startsWith(second).endsWith(second);
    }

    static Stream<JsonNode> fixture() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream stream = ClipTokenizerTest.class.getResourceAsStream("clip_tokenizer_fixture.jsonl");
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                rows.add(mapper.readTree(line));
            }
        }
        assertThat(rows).hasSizeGreaterThan(30);
        return rows.stream();
    }

    /** Fixture written by engine/src/test/python/clip_tokenizer_fixture.py, a Python port of simple_tokenizer.py. */
    @ParameterizedTest
    @MethodSource("fixture")
    void should_match_the_python_reference_port(JsonNode row) {
        String text = row.get("text").asText();
        assertThat(tokenizer.encode(text)).as("encode(%s)", text).containsExactly(ints(row.get("encode")));
        assertThat(tokenizer.tokenizeUnpadded(text)).as("tokenize(%s)", text).containsExactly(ints(row.get("tokenize")));
    }

    @Test
    void should_load_the_merge_list_from_a_plain_text_file(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("merges.txt");
        try (InputStream gz = new java.util.zip.GZIPInputStream(
                ClipTokenizer.class.getResourceAsStream(ClipTokenizer.MERGES_FILE_NAME))) {
            Files.write(plain, gz.readAllBytes());
        }
        ClipTokenizer fromFile = ClipTokenizer.load(plain);
        assertThat(fromFile.tokenizeUnpadded("hello world")).containsExactly(49406, 3306, 1002, 49407);
    }

    @Test
    void should_refuse_a_short_merge_list_naming_the_source() {
        byte[] text = "#version: 0.2\ni n\nt h\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ClipTokenizer.load(new ByteArrayInputStream(text), "bundle/tokenizer.txt"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bundle/tokenizer.txt").hasMessageContaining("only 2 merges");
    }

    @Test
    void should_refuse_a_malformed_merge_line_naming_the_line() {
        byte[] text = "#version: 0.2\ni n\nthree parts here\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ClipTokenizer.load(new ByteArrayInputStream(text), "m.txt"))
                .isInstanceOf(IOException.class).hasMessageContaining("m.txt line 3");
    }

    @Test
    void should_refuse_a_missing_file(@TempDir Path dir) {
        assertThatThrownBy(() -> ClipTokenizer.load(dir.resolve("nope.gz")))
                .isInstanceOf(IOException.class).hasMessageContaining("nope.gz");
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }
}
