package io.clipvq.worker.api;

import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.worker.intake.Image;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobOverview;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobViewsTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-12-01T10:00:05Z");
    private static final JobViews VIEWS = new JobViews(key -> "http://storage.example/clipvq/" + key + "?X-Amz-Signature=s");

    private static final JobRequest REQUEST = JobRequest.builder("cats-1", new ModelRef("shapes", null))
            .addPrompt("a red circle").addPrompt("a blue square").optKeepPerPrompt(2).build();

    private static JobOverview running(int imagesWritten) {
        JobRow row = new JobRow("cats-1", JobKind.SINGLE, JobStatus.RUNNING, JobJson.toJson(REQUEST), false, null, 2, 4,
                imagesWritten, null, CREATED.plusSeconds(1), new ModelRef("shapes", "0.4.1"));
        return new JobOverview(row, CREATED, UPDATED, null);
    }

    private static Image image(int prompt, int rank, String text, double score) {
        Image image = new Image();
        image.jobId = "cats-1";
        image.promptIndex = prompt;
        image.rank = rank;
        image.prompt = text;
        image.clipScore = score;
        image.sha256 = "ab".repeat(32);
        image.objectKey = "jobs/cats-1/p0000" + prompt + "-r0" + rank + ".png";
        image.width = 32;
        image.height = 32;
        return image;
    }

    @Test
    void should_show_a_running_job_with_progress_prompts_model_times_and_image_links() {
        JobView view = VIEWS.view(running(2), List.of(image(0, 0, "a red circle", 0.71), image(0, 1, "a red circle", 0.64)));

        assertThat(view.status()).isEqualTo("running");
        assertThat(view.kind()).isEqualTo("single");
        assertThat(view.progress()).isEqualTo(new Progress(2, 4));
        assertThat(view.model()).isEqualTo("shapes:0.4.1");
        assertThat(view.prompts()).containsExactly("a red circle", "a blue square");
        assertThat(view.createdAt()).isEqualTo(CREATED);
        assertThat(view.updatedAt()).isEqualTo(UPDATED);
        assertThat(view.startedAt()).isEqualTo(CREATED.plusSeconds(1));
        assertThat(view.finishedAt()).isNull();
        assertThat(view.images()).extracting(ImageView::rank).containsExactly(0, 1);
        ImageView best = view.images().get(0);
        assertThat(best.prompt()).isEqualTo("a red circle");
        assertThat(best.clipScore()).isEqualTo(0.71);
        assertThat(best.objectKey()).isEqualTo("jobs/cats-1/p00000-r00.png");
        assertThat(best.url()).isEqualTo("http://storage.example/clipvq/jobs/cats-1/p00000-r00.png?X-Amz-Signature=s");
    }

    @Test
    void should_summarise_a_job_with_its_first_prompt_and_prompt_count() {
        JobSummary summary = VIEWS.summary(running(3));

        assertThat(summary.jobId()).isEqualTo("cats-1");
        assertThat(summary.firstPrompt()).isEqualTo("a red circle");
        assertThat(summary.promptCount()).isEqualTo(2);
        assertThat(summary.progress()).isEqualTo(new Progress(3, 4));
    }

    @Test
    void should_show_no_prompts_for_a_refused_message_kept_as_text_or_a_cancel_placeholder() {
        JobRow refused = new JobRow("bad-1", JobKind.SINGLE, JobStatus.FAILED, "{not json", false, null, null, null, 0,
                "invalid message: $: not valid JSON", null, null);
        JobRow placeholder = new JobRow("early-1", JobKind.SINGLE, JobStatus.CANCELLED, null, true, "stop", null, null,
                0, null, null, null);

        JobView failed = VIEWS.view(new JobOverview(refused, CREATED, UPDATED, UPDATED), List.of());
        JobSummary cancelled = VIEWS.summary(new JobOverview(placeholder, CREATED, UPDATED, UPDATED));

        assertThat(failed.prompts()).isEmpty();
        assertThat(failed.error()).contains("not valid JSON");
        assertThat(failed.model()).isNull();
        assertThat(failed.progress()).isEqualTo(new Progress(0, null));
        assertThat(cancelled.firstPrompt()).isNull();
        assertThat(cancelled.promptCount()).isZero();
        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(cancelled.finishedAt()).isEqualTo(UPDATED);
    }

    @Test
    void should_not_read_a_bulk_request_as_a_job_request() {
        JobRow bulk = new JobRow("set-1", JobKind.BULK, JobStatus.RUNNING, "{\"a bulk\": \"request\"}", false, null,
                500, 5000, 120, null, CREATED, new ModelRef("shapes", "0.4.1"));

        JobSummary summary = VIEWS.summary(new JobOverview(bulk, CREATED, UPDATED, null));

        assertThat(summary.kind()).isEqualTo("bulk");
        assertThat(summary.firstPrompt()).isNull();
        assertThat(summary.promptCount()).isEqualTo(500);
        assertThat(summary.progress()).isEqualTo(new Progress(120, 5000));
    }
}
