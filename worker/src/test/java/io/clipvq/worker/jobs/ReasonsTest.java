package io.clipvq.worker.jobs;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonsTest {

    @Test
    void should_name_a_database_failure_by_its_sqlstate_never_by_its_statement() {
        BatchUpdateException sql = new BatchUpdateException("Batch entry 0 insert into bulk_prompts (job_id, prompt) "
                + "values ('j', 'a\u0000b') was aborted: ERROR: invalid byte sequence", "22021", 0, new int[0], null);
        IllegalStateException failure = new IllegalStateException("cannot store the prompts of bulk job j: "
                + sql.getMessage(), sql);

        assertThat(Reasons.of(failure)).isEqualTo("cannot store the prompts of bulk job j: the database refused the "
                + "change (SQLSTATE 22021)");
    }

    @Test
    void should_keep_one_line_of_printable_text_of_bounded_length() {
        String reason = Reasons.of(new RuntimeException("x".repeat(1000) + "\u0000\nsecond line"));

        assertThat(reason).hasSize(Reasons.MAX_LENGTH).endsWith("...").doesNotContain("\n");
        assertThat(Reasons.plain("a\u0000b\u0007c\uFFFD")).isEqualTo("a?b?c?");
    }

    @Test
    void should_name_the_exception_when_it_has_no_message() {
        assertThat(Reasons.of(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
