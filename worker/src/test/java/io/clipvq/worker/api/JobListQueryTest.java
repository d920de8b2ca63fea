package io.clipvq.worker.api;

import io.clipvq.worker.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobListQueryTest {

    @Test
    void should_default_to_every_status_first_page_of_twenty() {
        JobListQuery query = JobListQuery.parse(null, null, "");

        assertThat(query).isEqualTo(new JobListQuery(null, 0, JobListQuery.DEFAULT_SIZE));
        assertThat(query.offset()).isZero();
    }

    @Test
    void should_read_a_status_in_any_case_and_page_offsets() {
        JobListQuery query = JobListQuery.parse("Completed", "3", "25");

        assertThat(query.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(query.offset()).isEqualTo(75);
    }

    @Test
    void should_name_the_parameter_and_the_allowed_statuses_for_an_unknown_status() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> JobListQuery.parse("done", null, null));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().field()).isEqualTo("status");
        assertThat(refused.body().error()).contains("'done'")
                .contains("queued, running, completed, failed, cancelled");
    }

    @Test
    void should_refuse_sizes_and_pages_out_of_range_naming_the_parameter() {
        for (String size : new String[] {"0", "101", "-1", "ten", "2147483648"}) {
            ApiException refused = catchThrowableOfType(ApiException.class, () -> JobListQuery.parse(null, "0", size));
            assertThat(refused.body().field()).as(size).isEqualTo("size");
            assertThat(refused.body().error()).as(size).contains("from 1 to 100");
        }
        ApiException page = catchThrowableOfType(ApiException.class, () -> JobListQuery.parse(null, "10001", null));
        assertThat(page.body().field()).isEqualTo("page");
        assertThat(JobListQuery.parse(null, "10000", "100").offset()).isEqualTo(1_000_000);
    }

    @Test
    void should_quote_a_long_or_control_character_parameter_back_safely() {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> JobListQuery.parse("a\u0000b" + "x".repeat(100), null, null));

        assertThat(refused.body().error()).contains("a?b").doesNotContain("\u0000").contains("...")
                .hasSizeLessThan(200);
    }
}
