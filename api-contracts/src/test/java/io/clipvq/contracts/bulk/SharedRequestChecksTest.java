package io.clipvq.contracts.bulk;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Job and bulk requests share sampling, model and prefix rules, so the same mistakes get the same violations. */
class SharedRequestChecksTest {

    private static final String SHARED_MISTAKES = "\"sampling\":{\"steps\":0,\"guidanceScale\":-1,"
            + "\"truncation\":2,\"seed\":1},\"model\":{\"name\":\" \",\"version\":\"v\\u0001\"},"
            + "\"outputPrefix\":\"../up\"";

    @Test
    void should_report_shared_mistakes_identically_for_job_and_bulk_requests() {
        List<Violation> job = violations(() -> JobJson.parseRequest(
                "{\"schemaVersion\":1,\"jobId\":\"j\",\"prompts\":[\"p\"]," + SHARED_MISTAKES + "}"));
        List<Violation> bulk = violations(() -> BulkJson.parseRequest(
                "{\"schemaVersion\":1,\"jobId\":\"j\",\"prompts\":[\"p\"]," + SHARED_MISTAKES + "}"));

        assertThat(job).extracting(Violation::field).containsExactly("sampling.seed");
        assertThat(bulk).isEqualTo(job);

        String valuesOnly = SHARED_MISTAKES.replace(",\"seed\":1", "");
        List<Violation> jobValues = violations(() -> JobJson.parseRequest(
                "{\"schemaVersion\":1,\"jobId\":\"j\",\"prompts\":[\"p\"]," + valuesOnly + "}"));
        List<Violation> bulkValues = violations(() -> BulkJson.parseRequest(
                "{\"schemaVersion\":1,\"jobId\":\"j\",\"prompts\":[\"p\"]," + valuesOnly + "}"));

        assertThat(jobValues).extracting(Violation::field).containsExactly("sampling.steps",
                "sampling.guidanceScale", "sampling.truncation", "model.name", "model.version", "outputPrefix");
        assertThat(bulkValues).isEqualTo(jobValues);
    }

    private static List<Violation> violations(Runnable parse) {
        InvalidJobMessageException e = catchThrowableOfType(parse::run, InvalidJobMessageException.class);
        assertThat(e).as("the request should be rejected").isNotNull();
        return e.violations();
    }
}
