package io.clipvq.worker.api;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.worker.intake.Image;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobOverview;
import io.clipvq.worker.jobs.JobRow;

import java.util.List;

/**
 * Builds what the API shows of a job from what the ledger and the images table hold. The prompts come from the
 * job's stored canonical request; a job whose stored text is not a request (a refused message kept as text, a
 * cancel that came first) shows none.
 */
public final class JobViews {

    private final ImageLinks links;

    public JobViews(ImageLinks links) {
        this.links = links;
    }

    public JobSummary summary(JobOverview job) {
        JobRow row = job.row();
        List<String> prompts = prompts(row);
        return new JobSummary(row.jobId(), row.kind().dbValue(), row.status().dbValue(), progress(row), row.error(),
                model(row), prompts.isEmpty() ? null : prompts.get(0), promptCount(row, prompts),
                row.cancelRequested(), job.createdAt(), job.updatedAt(), job.finishedAt());
    }

    /** @param images the job's image rows, by prompt then rank */
    public JobView view(JobOverview job, List<Image> images) {
        JobRow row = job.row();
        return new JobView(row.jobId(), row.kind().dbValue(), row.status().dbValue(), progress(row), row.error(),
                model(row), prompts(row), row.cancelRequested(), row.cancelReason(), job.createdAt(), job.updatedAt(),
                row.startedAt(), job.finishedAt(), images.stream().map(this::image).toList());
    }

    private ImageView image(Image image) {
        return new ImageView(image.promptIndex, image.rank, image.prompt, image.clipScore, image.sha256,
                image.objectKey, image.width, image.height, links.urlOf(image.objectKey));
    }

    private static Progress progress(JobRow row) {
        return new Progress(row.imagesWritten(), row.imagesExpected());
    }

    private static String model(JobRow row) {
        return row.model() == null ? null : row.model().toString();
    }

    private static int promptCount(JobRow row, List<String> prompts) {
        return row.promptCount() != null ? row.promptCount() : prompts.size();
    }

    static List<String> prompts(JobRow row) {
        if (row.kind() != JobKind.SINGLE || row.request() == null) {
            return List.of();
        }
        try {
            return JobJson.parseRequest(row.request()).prompts();
        } catch (InvalidJobMessageException notARequest) {
            return List.of();
        }
    }
}
