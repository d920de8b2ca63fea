package io.clipvq.worker.testing;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.worker.storage.ObjectKeys;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks every job-path test makes on storage and tables: each image exactly once, rows match objects. */
public final class JobChecks {
    private JobChecks() {
    }

    /** Every image of a completed job is in the bucket once and in the images table once, and they agree. */
    public static void assertCompleteAndUnique(JobTestClient client, JobRequest request) {
        String jobId = request.jobId();
        List<String> expectedKeys = new ArrayList<>();
        for (int p = 0; p < request.prompts().size(); p++) {
            for (int r = 0; r < request.keepPerPrompt(); r++) {
                expectedKeys.add(ObjectKeys.image(request.outputPrefix(), jobId, p, r));
            }
        }
        assertThat(client.objectKeys(ObjectKeys.jobPrefix(request.outputPrefix(), jobId)))
                .as("objects of job %s", jobId).containsExactlyElementsOf(expectedKeys);
        assertRowsMatchObjects(client, jobId);
        assertThat(client.imageRows(jobId)).extracting(row -> row.get("object_key")).as("image rows of %s", jobId)
                .containsExactlyElementsOf(expectedKeys);
        Map<String, Object> job = client.jobRow(jobId);
        assertThat(job.get("status")).isEqualTo("completed");
        assertThat(job.get("images_written")).isEqualTo(expectedKeys.size());
        assertThat(job.get("images_expected")).isEqualTo(expectedKeys.size());
    }

    /** Each recorded image points at an object with the recorded sha256, and no key is recorded twice. */
    public static void assertRowsMatchObjects(JobTestClient client, String jobId) {
        List<Map<String, Object>> rows = client.imageRows(jobId);
        assertThat(rows).extracting(row -> row.get("object_key")).doesNotHaveDuplicates();
        for (Map<String, Object> row : rows) {
            String key = (String) row.get("object_key");
            byte[] bytes = client.objectBytes(key);
            assertThat(sha256(bytes)).as("sha256 of %s", key).isEqualTo(row.get("sha256"));
            assertThat(client.stat(key).contentType()).isEqualTo("image/png");
            // S3 servers differ in the case they return metadata names in (s3proxy capitalises them)
            Map<String, String> metadata = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            client.stat(key).userMetadata().forEach(entry -> metadata.put(entry.getKey(), entry.getValue()));
            assertThat(metadata).containsEntry("job-id", jobId).containsEntry("sha256", (String) row.get("sha256"))
                    .containsEntry("prompt-index", row.get("prompt_index").toString())
                    .containsEntry("rank", row.get("rank").toString())
                    .containsEntry("seed", row.get("seed").toString());
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
