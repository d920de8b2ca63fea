package io.clipvq.worker.jobs;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The one writer of the jobs table, for every kind of job: arrival, registration, progress, cancel, failure and
 * end. Each method is one transaction. Rows are created with {@code insert ... on conflict do nothing} and then
 * locked, so two deliveries of one job id (two pods, or a redelivery racing a slow first attempt) agree on one row.
 *
 * <p>Ownership: a message may change only the job it owns. A request owns its job when it registered it (the
 * stored request is this request); a rejected message may mark a job failed only while that job is unknown, or
 * queued under this very message ({@link #rejectionMayFail}); a job that is running or has ended belongs to its
 * runner, and only {@link #failRunning} (called by that runner) fails it.
 */
public interface JobLedger extends JobReads {

    /**
     * Records a request the moment it arrives, before any worker runs it: a queued row with the request and its
     * settings. A row that exists already is left alone, except that a cancel placeholder (no request yet) gains
     * the request.
     *
     * @param whileRecorded run inside the transaction, only when this call created the row (the accepted event is
     *                      sent there, so no later event of the job can overtake it)
     * @return true when this call created the row
     */
    boolean recordArrival(String jobId, JobKind kind, String request, JobSettings settings, Runnable whileRecorded);

    /**
     * Records the request (creating the row if needed) and says whether to run it ({@link Registration#decide}).
     * When it runs, the row becomes running under this worker; a job whose cancel arrived first ends cancelled.
     */
    Registration register(String jobId, JobKind kind, String request, JobSettings settings, String workerId);

    /**
     * Marks a job failed for a message that could not be run, only where {@link #rejectionMayFail} allows; a job
     * with no row gets one, holding the message text.
     *
     * @param messageText the message as received (escaped to printable text by the caller) or the canonical
     *                    request when it parsed
     * @return true when the job is now marked failed by this call
     */
    boolean markRejected(String jobId, JobKind kind, String messageText, String reason, String workerId);

    /** The runner's own failure: ends a running job as failed. @return true when the job was running */
    boolean failRunning(String jobId, String reason);

    /**
     * Ends a running job as completed or cancelled (a job that has ended already is left as it is).
     *
     * @return the job's status afterwards
     */
    JobStatus finish(String jobId, JobStatus outcome);

    /**
     * Locks the job row and, when it is running, asks {@code decide} (which runs inside the same transaction, so
     * it sees a stable job) whether the job ends now, and ends it so. Of several workers calling this at once,
     * exactly one ends the job.
     *
     * @return the ending, or empty when the job is not running or {@code decide} says not yet
     */
    Optional<Ending> endIfReady(String jobId, Supplier<Optional<Ending>> decide);

    /** How a job ends: final status, error text (failed only) and the images it has. */
    record Ending(JobStatus status, String error, long imagesWritten) {
    }

    /** Records a running job's image count (kept beside the images for status queries). */
    void recordImagesWritten(String jobId, long imagesWritten);

    /** The prompt count, once known (a bulk job learns it when its prompts are stored). */
    OptionalInt promptCount(String jobId);

    /** Records a bulk job's size once its prompts are stored; {@code imagesExpected} is null above int range. */
    void recordSize(String jobId, int promptCount, Integer imagesExpected);

    /**
     * Records a cancel. A running job is flagged (its runner stops at the next prompt or engine call); a job no one
     * runs yet (queued, or not seen at all: a row is created) ends cancelled at once, and its request, when it comes,
     * is answered "cancelled"; a finished job is left alone.
     *
     * @return the job's status after the cancel was recorded
     */
    JobStatus requestCancel(String jobId, String reason);

    boolean isCancelRequested(String jobId);

    /**
     * Whether a rejected message may mark the job failed: the job has no row, or it is queued and either nobody's
     * request is stored yet (a cancel placeholder) or the stored request is this message, of this kind.
     */
    static boolean rejectionMayFail(JobRow existing, JobKind kind, String messageText) {
        if (existing == null) {
            return true;
        }
        if (existing.status() != JobStatus.QUEUED) {
            return false;
        }
        if (existing.request() == null) {
            return true;
        }
        return existing.kind() == kind && existing.request().equals(messageText);
    }
}
