package io.clipvq.contracts.job;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobRequestValidatorTest {

    private static final String MINIMAL = """
            {"schemaVersion":1,"jobId":"job-1","prompts":["a red circle"],"model":{"name":"shapes"}}""";

    private static InvalidJobMessageException rejection(String json) {
        return catchThrowableOfType(InvalidJobMessageException.class, () -> JobJson.parseRequest(json));
    }

    private static String with(String field, String jsonValue) {
        return "{\"schemaVersion\":1,\"jobId\":\"job-1\",\"prompts\":[\"a red circle\"],\"model\":{\"name\":\"shapes\"},"
                + "\"" + field + "\":" + jsonValue + "}";
    }

    @Test
    void should_fill_defaults_when_optional_fields_are_absent() {
        JobRequest request = JobJson.parseRequest(MINIMAL);

        assertThat(request.candidatesPerPrompt()).isEqualTo(16);
        assertThat(request.keepPerPrompt()).isEqualTo(1);
        assertThat(request.outputPrefix()).isEqualTo("jobs");
        assertThat(request.sampling()).isEqualTo(new SamplingSettings(null, null, null));
        assertThat(request.model()).isEqualTo(new ModelRef("shapes", null));
        assertThat(request.seed()).isEqualTo(JobRequest.defaultSeedFor("job-1"));
        assertThat(request.imagesExpected()).isEqualTo(1);
    }

    @Test
    void should_give_different_default_seeds_to_different_job_ids() {
        assertThat(JobRequest.defaultSeedFor("job-1")).isNotEqualTo(JobRequest.defaultSeedFor("job-2"));
        assertThat(JobRequest.defaultSeedFor("job-1")).isEqualTo(JobRequest.defaultSeedFor("job-1"));
    }

    @Test
    void should_read_every_field_when_given() {
        JobRequest request = JobJson.parseRequest("""
                {"schemaVersion":1,"jobId":"j.2_x","prompts":["a","b"],"candidatesPerPrompt":8,"keepPerPrompt":3,
                 "seed":-5,"sampling":{"steps":20,"guidanceScale":3.5,"truncation":0.9},
                 "model":{"name":"shapes","version":"1.0.0"},"outputPrefix":"datasets/run1"}""");

        assertThat(request).isEqualTo(new JobRequest(1, "j.2_x", List.of("a", "b"), 8, 3, -5,
                new SamplingSettings(20, 3.5, 0.9), new ModelRef("shapes", "1.0.0"), "datasets/run1"));
        assertThat(request.imagesExpected()).isEqualTo(6);
    }

    @Test
    void should_refuse_priority_naming_why_it_is_not_supported() {
        assertThatThrownBy(() -> JobJson.parseRequest("""
                {"schemaVersion":1,"jobId":"j","prompts":["a"],"model":{"name":"shapes"},"priority":9}"""))
                .isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("priority")
                .hasMessageContaining("not supported: jobs run in arrival order within a partition")
                .hasMessageNotContaining("unknown field");
    }

    @Test
    void should_round_trip_through_json() {
        JobRequest request = JobRequest.builder("rt-1", new ModelRef("shapes", "2"))
                .addPrompt("a blue square").addPrompt("a green triangle")
                .optCandidatesPerPrompt(4).optKeepPerPrompt(2).optSeed(42)
                .optSampling(new SamplingSettings(10, null, 0.8)).build();

        assertThat(JobJson.parseRequest(JobJson.toJson(request))).isEqualTo(request);
    }

    @Test
    void should_name_the_problem_when_text_is_not_json() {
        InvalidJobMessageException e = rejection("this is not json");

        assertThat(e.getMessage()).contains("not valid JSON").contains("this is not json");
        assertThat(e.jobId()).isEmpty();
    }

    @Test
    void should_refuse_a_repeated_key_naming_it_instead_of_taking_the_last_value() {
        InvalidJobMessageException e = rejection("""
                {"schemaVersion":1,"jobId":"job-a","prompts":["x"],"model":{"name":"m"},"jobId":"job-b"}""");

        assertThat(e.getMessage()).contains("Duplicate field 'jobId'");
        assertThat(e.jobId()).isEmpty();
    }

    @Test
    void should_refuse_a_repeated_key_in_a_nested_object() {
        assertThat(rejection("""
                {"schemaVersion":1,"jobId":"j","prompts":["x"],"model":{"name":"m","name":"n"}}""").getMessage())
                .contains("Duplicate field 'name'");
    }

    @Test
    void should_reject_unknown_schema_version_but_keep_the_job_id() {
        InvalidJobMessageException e = rejection("""
                {"schemaVersion":7,"jobId":"job-9","prompts":["x"],"model":{"name":"m"}}""");

        assertThat(e.violations()).containsExactly(
                new Violation("schemaVersion", "7", "unsupported schema version (supported: 1)"));
        assertThat(e.jobId()).contains("job-9");
    }

    @Test
    void should_name_missing_required_fields() {
        InvalidJobMessageException e = rejection("{\"schemaVersion\":1}");

        assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder("jobId", "prompts", "model");
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.problem()).isEqualTo("is required"));
    }

    @Test
    void should_reject_candidates_out_of_range_naming_field_and_value() {
        assertThat(rejection(with("candidatesPerPrompt", "65")).violations())
                .containsExactly(new Violation("candidatesPerPrompt", "65", "must be between 1 and 64"));
        assertThat(rejection(with("candidatesPerPrompt", "0")).violations())
                .containsExactly(new Violation("candidatesPerPrompt", "0", "must be between 1 and 64"));
        assertThat(rejection(with("candidatesPerPrompt", "\"16\"")).getMessage())
                .contains("candidatesPerPrompt = \"16\": must be an integer");
    }

    @Test
    void should_reject_keep_larger_than_candidates() {
        String json = MINIMAL.replace("\"model\"", "\"candidatesPerPrompt\":4,\"keepPerPrompt\":5,\"model\"");

        assertThat(rejection(json).violations()).containsExactly(
                new Violation("keepPerPrompt", "5", "must be between 1 and candidatesPerPrompt (4)"));
    }

    @Test
    void should_reject_empty_blank_and_overlong_prompts() {
        String longPrompt = "x".repeat(JobDefaults.MAX_PROMPT_LENGTH + 1);
        InvalidJobMessageException e = rejection(with("prompts", "[\"ok\",\"\",\"  \",\"" + longPrompt + "\"]")
                .replace("\"prompts\":[\"a red circle\"],", ""));

        assertThat(e.violations()).extracting(Violation::field).containsExactly("prompts[1]", "prompts[2]", "prompts[3]");
        assertThat(e.violations().get(2).problem()).isEqualTo("must be at most 1000 characters (has 1001)");
        assertThat(rejection(with("prompts", "[]").replace("\"prompts\":[\"a red circle\"],", "")).violations())
                .containsExactly(new Violation("prompts", "[]", "must contain at least 1 prompt"));
    }

    @Test
    void should_reject_sampling_settings_out_of_range() {
        InvalidJobMessageException e = rejection(with("sampling",
                "{\"steps\":0,\"guidanceScale\":-1.0,\"truncation\":1.5}"));

        assertThat(e.violations()).containsExactly(
                new Violation("sampling.steps", "0", "must be between 1 and 1000"),
                new Violation("sampling.guidanceScale", "-1.0", "must be between 0 and 100.0"),
                new Violation("sampling.truncation", "1.5", "must be in (0, 1]"));
    }

    @Test
    void should_name_a_score_margin_out_of_range() {
        InvalidJobMessageException e = rejection(with("sampling", "{\"scoreMargin\":-0.5}"));

        assertThat(e.violations()).containsExactly(
                new Violation("sampling.scoreMargin", "-0.5", "must be between 0 and 2.0"));
    }

    @Test
    void should_reject_unknown_fields_by_name() {
        assertThat(rejection(with("candidates", "16")).getMessage()).contains("candidates = 16: unknown field");
    }

    @Test
    void should_reject_unsafe_job_ids() {
        assertThat(rejection(MINIMAL.replace("job-1", "..")).getMessage()).contains("jobId = \"..\": must not contain '..'");
        assertThat(rejection(MINIMAL.replace("job-1", "a/b")).getMessage()).contains("must not contain '/'");
        assertThat(rejection(MINIMAL.replace("job-1", "/etc")).getMessage()).contains("jobId");
        assertThat(rejection(MINIMAL.replace("job-1", "job\\u0000x")).getMessage())
                .contains("jobId = \"job\\u0000x\": must not contain control characters");
        assertThat(rejection(MINIMAL.replace("job-1", "a\\\\b")).getMessage()).contains("must not contain '\\'");
        assertThat(rejection(MINIMAL.replace("job-1", "x".repeat(129))).getMessage())
                .contains("must be at most 128 characters");
        // an unsafe id is never handed back as the job to mark failed
        assertThat(rejection(MINIMAL.replace("job-1", "..")).jobId()).isEmpty();
    }

    @Test
    void should_reject_output_prefixes_that_could_escape() {
        assertThat(rejection(with("outputPrefix", "\"a/../b\"")).getMessage()).contains("must not contain '..'");
        assertThat(rejection(with("outputPrefix", "\"/abs\"")).getMessage()).contains("must be a relative path");
        assertThat(rejection(with("outputPrefix", "\"a//b\"")).getMessage()).contains("empty segments");
        assertThat(rejection(with("outputPrefix", "\"a/\"")).getMessage()).contains("empty segments");
        assertThat(rejection(with("outputPrefix", "\"a\\nb\"")).getMessage()).contains("control characters");
        assertThat(rejection(with("outputPrefix", "\"C:\\\\x\"")).getMessage()).contains("outputPrefix");
        assertThat(JobJson.parseRequest(with("outputPrefix", "\"team-a/2024.05/run_1\"")).outputPrefix())
                .isEqualTo("team-a/2024.05/run_1");
    }

    @Test
    void should_reject_invalid_requests_built_in_java() {
        assertThatThrownBy(() -> JobRequest.builder("ok", new ModelRef("m", null)).build())
                .isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("prompts = []: must contain at least 1 prompt");
    }

    @Test
    void should_parse_and_check_cancel_requests() {
        CancelRequest cancel = JobJson.parseCancel(JobJson.toJson(CancelRequest.of("job-1", "not needed")));
        assertThat(cancel.jobId()).isEqualTo("job-1");
        assertThat(cancel.reason()).isEqualTo("not needed");

        assertThat(catchThrowableOfType(InvalidJobMessageException.class,
                () -> JobJson.parseCancel("{\"schemaVersion\":1,\"jobId\":\"../x\"}")).getMessage())
                .contains("jobId = \"../x\"");
    }

    @Test
    void should_write_events_without_fields_that_do_not_apply() {
        String json = JobJson.toJson(JobEvent.completed("job-1", "w1", 3, 3));

        assertThat(json).contains("\"type\":\"completed\"").contains("\"imagesDone\":3").doesNotContain("reason")
                .doesNotContain("objectKey");
        assertThat(JobJson.parseEvent(json).type()).isEqualTo(JobEventType.COMPLETED);
    }
}
