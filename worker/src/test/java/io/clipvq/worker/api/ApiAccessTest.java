package io.clipvq.worker.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiAccessTest {

    private static final ApiAccess OPEN_READS = new ApiAccess(Optional.of("s3cret-token"), false);
    private static final ApiAccess CLOSED_READS = new ApiAccess(Optional.of("s3cret-token"), true);

    @Test
    void should_let_reads_through_without_a_token_by_default() {
        assertThat(OPEN_READS.decide(false, null)).isEqualTo(AccessDecision.ALLOWED);
        assertThat(OPEN_READS.decide(false, "Bearer wrong")).isEqualTo(AccessDecision.ALLOWED);
    }

    @Test
    void should_answer_401_to_a_write_without_a_bearer_token() {
        assertThat(OPEN_READS.decide(true, null).status()).isEqualTo(401);
        assertThat(OPEN_READS.decide(true, "Basic dXNlcjpwYXNz").status()).isEqualTo(401);
        assertThat(OPEN_READS.decide(true, "Bearer ").status()).isEqualTo(401);
        assertThat(OPEN_READS.decide(true, "s3cret-token").status()).isEqualTo(401);
        assertThat(OPEN_READS.decide(true, null).error()).contains("Authorization: Bearer");
    }

    @Test
    void should_answer_403_to_a_write_with_a_wrong_token() {
        AccessDecision wrong = OPEN_READS.decide(true, "Bearer s3cret-tokeN");

        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error()).isEqualTo(ApiAccess.WRONG_TOKEN);
        assertThat(OPEN_READS.decide(true, "Bearer s3cret-token-and-more").status()).isEqualTo(403);
        assertThat(OPEN_READS.decide(true, "Bearer s3cret").status()).isEqualTo(403);
    }

    @Test
    void should_allow_a_write_with_the_token_whatever_the_scheme_case_and_spacing() {
        assertThat(OPEN_READS.decide(true, "Bearer s3cret-token").allowed()).isTrue();
        assertThat(OPEN_READS.decide(true, "bearer s3cret-token").allowed()).isTrue();
        assertThat(OPEN_READS.decide(true, "  BEARER   s3cret-token ").allowed()).isTrue();
    }

    @Test
    void should_refuse_every_write_while_no_token_is_configured() {
        ApiAccess unconfigured = new ApiAccess(Optional.empty(), false);

        AccessDecision write = unconfigured.decide(true, "Bearer anything");

        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).contains("writes are disabled until CLIPVQ_API_TOKEN is set");
        assertThat(unconfigured.decide(true, null).status()).isEqualTo(403);
        assertThat(unconfigured.decide(false, null).allowed()).isTrue();
        // an empty environment variable is no token at all, not an empty password
        assertThat(new ApiAccess(Optional.of("  "), false).decide(true, "Bearer   ").status()).isEqualTo(403);
    }

    @Test
    void should_ask_reads_for_the_token_when_configured_so() {
        assertThat(CLOSED_READS.decide(false, null).status()).isEqualTo(401);
        assertThat(CLOSED_READS.decide(false, "Bearer nope").status()).isEqualTo(403);
        assertThat(CLOSED_READS.decide(false, "Bearer s3cret-token").allowed()).isTrue();
        assertThat(new ApiAccess(Optional.empty(), true).decide(false, null).error()).contains("reads");
    }

    @Test
    void should_count_only_get_head_and_options_as_reads() {
        assertThat(ApiAccess.isWrite("GET")).isFalse();
        assertThat(ApiAccess.isWrite("head")).isFalse();
        assertThat(ApiAccess.isWrite("OPTIONS")).isFalse();
        assertThat(ApiAccess.isWrite("POST")).isTrue();
        assertThat(ApiAccess.isWrite("DELETE")).isTrue();
        assertThat(ApiAccess.isWrite("PATCH")).isTrue();
    }
}
