package io.clipvq.contracts.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The JSON codec of the job messages: one mapper, one way to read and write each message.
 */
public final class JobJson {
    private JobJson() {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // events may gain fields in a later schema version; readers of version 1 ignore them
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"jobId": "a", "jobId": "b"} must not silently run as job b: a repeated key is refused, named
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static String toJson(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @throws InvalidJobMessageException when the text is not JSON or breaks a rule (naming field and value) */
    public static JobRequest parseRequest(String json) {
        return JobRequestValidator.toRequest(tree(json));
    }

    /** @throws InvalidJobMessageException when the text is not JSON or breaks a rule */
    public static CancelRequest parseCancel(String json) {
        return JobRequestValidator.toCancel(tree(json));
    }

    public static JobEvent parseEvent(String json) {
        try {
            return MAPPER.readValue(json, JobEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a job event: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses without applying any rule; the error names where the JSON breaks. */
    public static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidJobMessageException(List.of(new Violation("$", json == null ? null : "\"\"",
                    "message is empty, expected a JSON object")), null);
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String start = json.length() <= 40 ? json : json.substring(0, 37) + "...";
            throw new InvalidJobMessageException(List.of(new Violation("$", start.replaceAll("\\p{Cntrl}", "?"),
                    "not valid JSON" + where + ": " + JsonErrors.describe(e))), null);
        }
    }
}
