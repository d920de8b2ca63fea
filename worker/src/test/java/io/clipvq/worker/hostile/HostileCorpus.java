package io.clipvq.worker.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.job.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input corpus (src/test/resources/hostile-input/corpus.json): bad messages for every input topic, each
 * with what must happen to it. See the file's "about" for the notation.
 */
public final class HostileCorpus {

    /** Input topic -> its dead-letter topic (null: the topic has none; bad messages there are ignored). */
    static final Map<String, String[]> TOPICS = Map.of(
            "job-requests", new String[]{Topics.JOB_REQUESTS, Topics.JOB_REQUESTS_DEAD_LETTER},
            "bulk-requests", new String[]{Topics.BULK_REQUESTS, Topics.BULK_REQUESTS_DEAD_LETTER},
            "bulk-shards", new String[]{Topics.BULK_SHARDS, Topics.BULK_SHARDS_DEAD_LETTER},
            "job-control", new String[]{Topics.JOB_CONTROL, null});

    /** What must become of the key's job. */
    enum JobOutcome { FAILED, ABSENT, CANCELLED }

    /** One case, with its placeholders filled in for one run. */
    record Case(String name, String topic, String deadLetterTopic, String jobId, String key, byte[] value,
                String reason, String reasonNot, JobOutcome job) {
    }

    private HostileCorpus() {
    }

    static List<Case> load(String model, String runId) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/hostile-input/corpus.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            int n = 0;
            for (JsonNode c : root.get("cases")) {
                String jobId = "hostile-" + runId + "-" + (n++);
                String[] topics = TOPICS.get(c.get("topic").asText());
                if (topics == null) {
                    throw new IllegalArgumentException("case '" + c.get("name").asText() + "': unknown topic "
                            + c.get("topic"));
                }
                String key = c.has("key") ? fill(c.get("key").asText(), jobId, model) : jobId;
                cases.add(new Case(c.get("name").asText(), topics[0], topics[1], jobId, key, value(c, jobId, model),
                        c.has("reason") ? c.get("reason").asText() : null,
                        c.has("reasonNot") ? c.get("reasonNot").asText() : null,
                        JobOutcome.valueOf(c.get("job").asText().toUpperCase(java.util.Locale.ROOT))));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] value(JsonNode c, String jobId, String model) {
        if (c.has("valueBase64")) {
            return Base64.getDecoder().decode(c.get("valueBase64").asText());
        }
        if (c.has("valueRepeat")) {
            JsonNode r = c.get("valueRepeat");
            return (r.get("prefix").asText() + r.get("repeat").asText().repeat(r.get("times").asInt())
                    + r.get("suffix").asText()).getBytes(StandardCharsets.UTF_8);
        }
        return fill(c.get("value").asText(), jobId, model).getBytes(StandardCharsets.UTF_8);
    }

    private static String fill(String text, String jobId, String model) {
        return text.replace("$ID", jobId).replace("$MODEL", model);
    }
}
