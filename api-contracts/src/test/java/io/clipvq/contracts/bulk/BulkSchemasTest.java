package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the bulk JSON Schemas and the Java validator in agreement, and the schema numbers equal to BulkDefaults. */
class BulkSchemasTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String HEAD = "{\"schemaVersion\":1,\"jobId\":\"b\",\"model\":{\"name\":\"m\"},";

    private static Schema schema(String name) {
        InputStream in = BulkSchemasTest.class.getResourceAsStream("/schemas/" + name);
        assertThat(in).as("resource /schemas/" + name).isNotNull();
        return REGISTRY.getSchema(in);
    }

    private static boolean javaAccepts(String json) {
        try {
            BulkJson.parseRequest(json);
            return true;
        } catch (InvalidJobMessageException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            HEAD + "\"prompts\":[\"p\"]}",
            HEAD + "\"promptsObject\":\"lists/prompts.jsonl\"}",
            HEAD + "\"prompts\":[\"p\",\"q\"],\"imagesPerPrompt\":10000,\"candidatesPerImage\":64,\"seedBase\":-5,"
                    + "\"sampling\":{\"steps\":8},\"outputPrefix\":\"sets/a\",\"layout\":\"by-prompt\","
                    + "\"shardSize\":10000,\"tarShards\":true}",
    })
    void should_accept_in_both_schema_and_validator(String json) {
        assertThat(schema("bulk-request.schema.json").validate(json, InputFormat.JSON)).isEmpty();
        assertThat(javaAccepts(json)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"schemaVersion\":2,\"jobId\":\"b\",\"model\":{\"name\":\"m\"},\"prompts\":[\"p\"]}",
            HEAD + "\"imagesPerPrompt\":3}",
            HEAD + "\"prompts\":[\"p\"],\"promptsObject\":\"x.txt\"}",
            HEAD + "\"prompts\":[]}",
            HEAD + "\"prompts\":[\" \"]}",
            HEAD + "\"promptsObject\":\"../etc/passwd\"}",
            HEAD + "\"promptsObject\":\"/abs.txt\"}",
            HEAD + "\"prompts\":[\"p\"],\"imagesPerPrompt\":0}",
            HEAD + "\"prompts\":[\"p\"],\"candidatesPerImage\":65}",
            HEAD + "\"prompts\":[\"p\"],\"shardSize\":0}",
            HEAD + "\"prompts\":[\"p\"],\"shardSize\":10001}",
            HEAD + "\"prompts\":[\"p\"],\"layout\":\"nested\"}",
            HEAD + "\"prompts\":[\"p\"],\"tarShards\":\"yes\"}",
            HEAD + "\"prompts\":[\"p\"],\"sampling\":{\"steps\":0}}",
            HEAD + "\"prompts\":[\"p\"],\"outputPrefix\":\"a//b\"}",
            HEAD + "\"prompts\":[\"p\"],\"extra\":1}",
            "{\"schemaVersion\":1,\"jobId\":\"a..b\",\"model\":{\"name\":\"m\"},\"prompts\":[\"p\"]}",
    })
    void should_refuse_in_both_schema_and_validator(String json) {
        assertThat(schema("bulk-request.schema.json").validate(json, InputFormat.JSON)).as("schema errors").isNotEmpty();
        assertThat(javaAccepts(json)).as("validator accepts").isFalse();
    }

    @Test
    void should_state_the_same_limits_as_bulk_defaults() throws IOException {
        JsonNode props;
        try (InputStream in = getClass().getResourceAsStream("/schemas/bulk-request.schema.json")) {
            props = new ObjectMapper().readTree(in).get("properties");
        }
        assertThat(props.at("/schemaVersion/const").intValue()).isEqualTo(BulkDefaults.SCHEMA_VERSION);
        assertThat(props.at("/prompts/maxItems").intValue()).isEqualTo(BulkDefaults.MAX_INLINE_PROMPTS);
        assertThat(props.at("/imagesPerPrompt/maximum").intValue()).isEqualTo(BulkDefaults.MAX_IMAGES_PER_PROMPT);
        assertThat(props.at("/imagesPerPrompt/default").intValue()).isEqualTo(BulkDefaults.DEFAULT_IMAGES_PER_PROMPT);
        assertThat(props.at("/candidatesPerImage/default").intValue()).isEqualTo(BulkDefaults.DEFAULT_CANDIDATES_PER_IMAGE);
        assertThat(props.at("/candidatesPerImage/maximum").intValue()).isEqualTo(BulkDefaults.MAX_CANDIDATES_PER_IMAGE);
        assertThat(props.at("/shardSize/default").intValue()).isEqualTo(BulkDefaults.DEFAULT_SHARD_SIZE);
        assertThat(props.at("/shardSize/minimum").intValue()).isEqualTo(BulkDefaults.MIN_SHARD_SIZE);
        assertThat(props.at("/shardSize/maximum").intValue()).isEqualTo(BulkDefaults.MAX_SHARD_SIZE);
        assertThat(props.at("/outputPrefix/default").textValue()).isEqualTo(BulkDefaults.DEFAULT_OUTPUT_PREFIX);
        assertThat(props.at("/promptsObject/maxLength").intValue()).isEqualTo(BulkDefaults.MAX_PROMPTS_OBJECT_LENGTH);
    }

    @Test
    void should_write_messages_that_their_schemas_accept_and_read_them_back() {
        BulkRequest request = BulkRequest.builder("set-1", new ModelRef("m", "1")).addPrompts(java.util.List.of("a", "b"))
                .optImagesPerPrompt(3).optCandidatesPerImage(2).optSeedBase(7).optShardSize(4)
                .optSampling(new SamplingSettings(4, null, null)).optLayout(BulkLayout.BY_PROMPT).build();
        String json = BulkJson.toJson(request);
        assertThat(schema("bulk-request.schema.json").validate(json, InputFormat.JSON)).isEmpty();
        assertThat(BulkJson.parseRequest(json)).isEqualTo(request);

        ShardMessage shard = ShardMessage.of("set-1", new ShardPlan(6, 4).shard(1));
        String shardJson = BulkJson.toJson(shard);
        assertThat(schema("shard-message.schema.json").validate(shardJson, InputFormat.JSON)).isEmpty();
        assertThat(BulkJson.parseShard(shardJson)).isEqualTo(shard);
        assertThat(shard.key()).isEqualTo("set-1:1");

        BulkProgressEvent progress = BulkProgressEvent.of("set-1", "w", "running", 3, 6, 0, 2,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:03Z"), 3, 2);
        String progressJson = BulkJson.toJson(progress);
        assertThat(schema("bulk-progress.schema.json").validate(progressJson, InputFormat.JSON)).isEmpty();
        assertThat(BulkJson.parseProgress(progressJson)).isEqualTo(progress);
    }
}
