package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.clipvq.contracts.job.JobJson;

/** The JSON codec of the bulk messages; writing goes through the job codec's mapper settings. */
public final class BulkJson {
    private BulkJson() {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static String toJson(Object message) {
        return JobJson.toJson(message);
    }

    /** @throws io.clipvq.contracts.job.InvalidJobMessageException when not JSON or a rule is broken */
    public static BulkRequest parseRequest(String json) {
        return BulkValidator.toRequest(JobJson.tree(json));
    }

    /** @throws io.clipvq.contracts.job.InvalidJobMessageException when not JSON or a rule is broken */
    public static ShardMessage parseShard(String json) {
        return BulkValidator.toShard(JobJson.tree(json));
    }

    public static BulkProgressEvent parseProgress(String json) {
        try {
            return MAPPER.readValue(json, BulkProgressEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a bulk progress event: " + e.getOriginalMessage(), e);
        }
    }
}
