package io.clipvq.contracts.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON Schema files are what other languages validate against; the Java validator is what the worker runs.
 * These tests keep the two in agreement on a corpus of accepted and refused messages, and check that the
 * numbers in the schemas are the ones in {@link JobDefaults}.
 */
class JobSchemasTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static Schema schema(String name) {
        InputStream in = JobSchemasTest.class.getResourceAsStream("/schemas/" + name);
        assertThat(in).as("resource /schemas/" + name).isNotNull();
        return REGISTRY.getSchema(in);
    }

    private static JsonNode schemaTree(String name) throws IOException {
        try (InputStream in = JobSchemasTest.class.getResourceAsStream("/schemas/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static boolean javaAccepts(String json) {
        try {
            JobJson.parseRequest(json);
            return true;
        } catch (InvalidJobMessageException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a.b-c_d\",\"prompts\":[\"p\",\"q\"],\"model\":{\"name\":\"m\",\"version\":\"1\"},"
                    + "\"candidatesPerPrompt\":64,\"keepPerPrompt\":1,\"seed\":9223372036854775807,"
                    + "\"sampling\":{\"steps\":1000,\"guidanceScale\":0,\"truncation\":1},\"outputPrefix\":\"x/y.z\"}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":null}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"steps\":null}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"scoreMargin\":0}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"scoreMargin\":2}}",
    })
    void should_accept_in_both_schema_and_validator(String json) {
        assertThat(schema("job-request.schema.json").validate(json, InputFormat.JSON)).isEmpty();
        assertThat(javaAccepts(json)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1,2]",
            "{\"schemaVersion\":2,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"]}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"   \"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[3],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"..\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a..b\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"/a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\\tb\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"candidatesPerPrompt\":0}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"candidatesPerPrompt\":65}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"candidatesPerPrompt\":1.5}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"keepPerPrompt\":0}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"steps\":0}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"steps\":1001}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"guidanceScale\":-0.1}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"truncation\":0}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"truncation\":1.01}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"temperature\":1}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"scoreMargin\":-0.01}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"sampling\":{\"scoreMargin\":2.5}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"\"}}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"outputPrefix\":\"../x\"}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"outputPrefix\":\"/x\"}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"outputPrefix\":\"x//y\"}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"outputPrefix\":\"x\\\\y\"}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"priority\":10}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"seed\":\"7\"}",
            "{\"schemaVersion\":1,\"jobId\":\"a\",\"prompts\":[\"p\"],\"model\":{\"name\":\"m\"},\"extra\":true}",
    })
    void should_refuse_in_both_schema_and_validator(String json) {
        assertThat(schema("job-request.schema.json").validate(json, InputFormat.JSON)).as("schema errors").isNotEmpty();
        assertThat(javaAccepts(json)).as("validator accepts").isFalse();
    }

    @Test
    void should_state_the_same_limits_as_job_defaults() throws IOException {
        JsonNode props = schemaTree("job-request.schema.json").get("properties");

        assertThat(props.at("/schemaVersion/const").intValue()).isEqualTo(JobDefaults.SCHEMA_VERSION);
        assertThat(props.at("/candidatesPerPrompt/default").intValue()).isEqualTo(JobDefaults.DEFAULT_CANDIDATES_PER_PROMPT);
        assertThat(props.at("/candidatesPerPrompt/minimum").intValue()).isEqualTo(JobDefaults.MIN_CANDIDATES_PER_PROMPT);
        assertThat(props.at("/candidatesPerPrompt/maximum").intValue()).isEqualTo(JobDefaults.MAX_CANDIDATES_PER_PROMPT);
        assertThat(props.at("/keepPerPrompt/default").intValue()).isEqualTo(JobDefaults.DEFAULT_KEEP_PER_PROMPT);
        assertThat(props.at("/prompts/maxItems").intValue()).isEqualTo(JobDefaults.MAX_PROMPTS);
        assertThat(props.at("/prompts/items/maxLength").intValue()).isEqualTo(JobDefaults.MAX_PROMPT_LENGTH);
        assertThat(props.at("/sampling/properties/steps/minimum").intValue()).isEqualTo(JobDefaults.MIN_STEPS);
        assertThat(props.at("/sampling/properties/steps/maximum").intValue()).isEqualTo(JobDefaults.MAX_STEPS);
        assertThat(props.at("/sampling/properties/guidanceScale/maximum").doubleValue())
                .isEqualTo(JobDefaults.MAX_GUIDANCE_SCALE);
        assertThat(props.at("/sampling/properties/scoreMargin/maximum").doubleValue())
                .isEqualTo(JobDefaults.MAX_SCORE_MARGIN);
        assertThat(props.has("priority")).isFalse();
        assertThat(props.at("/outputPrefix/default").textValue()).isEqualTo(JobDefaults.DEFAULT_OUTPUT_PREFIX);
        assertThat(props.at("/outputPrefix/maxLength").intValue()).isEqualTo(JobDefaults.MAX_OUTPUT_PREFIX_LENGTH);
        assertThat(props.at("/jobId/maxLength").intValue()).isEqualTo(JobDefaults.MAX_JOB_ID_LENGTH);
    }

    @Test
    void should_validate_every_kind_of_event_the_worker_writes_against_the_event_schema() {
        Schema events = schema("job-event.schema.json");
        String sha = "ab".repeat(32);
        for (JobEvent event : new JobEvent[]{
                JobEvent.accepted("j", "w", 0, 4), JobEvent.started("j", "w", 1, 4), JobEvent.progress("j", "w", 2, 4),
                JobEvent.imageWritten("j", "w", 0, 0, 7, 123L, 0.31, "jobs/j/p00000-r00.png", sha, 1, 4),
                JobEvent.completed("j", "w", 4, 4), JobEvent.failed("j", "w", null, null, "bad"),
                JobEvent.cancelled("j", "w", 2, 4, "user")}) {
            assertThat(events.validate(JobJson.toJson(event), InputFormat.JSON)).as(event.type().wireName()).isEmpty();
        }
        assertThat(events.validate("{\"schemaVersion\":1,\"type\":\"failed\",\"jobId\":\"j\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
                InputFormat.JSON)).as("failed without reason").isNotEmpty();
    }

    @Test
    void should_validate_cancel_requests_against_the_cancel_schema() {
        Schema cancels = schema("cancel-request.schema.json");

        assertThat(cancels.validate(JobJson.toJson(CancelRequest.of("job-1", "why")), InputFormat.JSON)).isEmpty();
        assertThat(cancels.validate("{\"schemaVersion\":1,\"jobId\":\"../x\"}", InputFormat.JSON)).isNotEmpty();
    }
}
