package io.clipvq.worker.jobs;

import io.clipvq.contracts.job.JobRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * Every change to the jobs and images tables, each in its own transaction. Rows are created with
 * {@code insert ... on conflict do nothing} and then locked, so that two deliveries of the same job id (two pods,
 * or a redelivery racing a slow first attempt) agree on one row; the unique (job, prompt, rank) constraint makes
 * an image impossible to record twice.
 */
@ApplicationScoped
public class JobStore {

    private final EntityManager em;

    JobStore(EntityManager em) {
        this.em = em;
    }

    /** Records the request (creating the row if needed) and says whether to run it. */
    @Transactional
    public Registration register(JobRequest request, String canonicalJson, String workerId) {
        Job job = lockOrCreate(request.jobId(), JobStatus.QUEUED);
        JobStatus status = job.jobStatus();
        if (job.request != null && status != JobStatus.FAILED && !job.request.equals(canonicalJson)) {
            return Registration.CONFLICT;
        }
        if (status == JobStatus.COMPLETED) {
            return Registration.ALREADY_COMPLETED;
        }
        if (status == JobStatus.CANCELLED) {
            return Registration.ALREADY_CANCELLED;
        }
        copySettings(request, canonicalJson, job);
        Instant now = Instant.now();
        job.updatedAt = now;
        if (job.cancelRequestedAt != null) {
            // a cancel arrived before the request: the job ends before it starts
            job.status = JobStatus.CANCELLED.dbValue();
            job.finishedAt = now;
            return Registration.ALREADY_CANCELLED;
        }
        job.status = JobStatus.RUNNING.dbValue();
        job.error = null;
        job.finishedAt = null;
        job.workerId = workerId;
        job.attempts++;
        if (job.startedAt == null) {
            job.startedAt = now;
        }
        return Registration.RUN;
    }

    /**
     * Marks a job failed with the reason, creating its row when the job is unknown (a malformed request).
     * A completed or cancelled job is left as it is: a bad duplicate must not undo good work.
     *
     * @return true when the job is now marked failed
     */
    @Transactional
    public boolean markFailed(String jobId, String reason, String rawRequest, String workerId) {
        Job job = lockOrCreate(jobId, JobStatus.FAILED);
        if (job.jobStatus().isFinal()) {
            return false;
        }
        if (job.request == null) {
            job.request = rawRequest;
        }
        job.status = JobStatus.FAILED.dbValue();
        job.error = reason;
        job.workerId = workerId;
        job.imagesWritten = countImages(jobId);
        job.updatedAt = Instant.now();
        job.finishedAt = job.updatedAt;
        return true;
    }

    /**
     * Records a cancel. A job not seen yet gets a queued row carrying the cancel, so its request is refused when
     * it arrives; a finished job is left alone.
     *
     * @return the job's status after the cancel was recorded
     */
    @Transactional
    public JobStatus requestCancel(String jobId, String reason) {
        Job job = lockOrCreate(jobId, JobStatus.QUEUED);
        JobStatus status = job.jobStatus();
        if (status == JobStatus.QUEUED || status == JobStatus.RUNNING) {
            if (job.cancelRequestedAt == null) {
                job.cancelRequestedAt = Instant.now();
                job.cancelReason = reason;
            }
            job.updatedAt = Instant.now();
        }
        return status;
    }

    @Transactional
    public boolean isCancelRequested(String jobId) {
        return em.createQuery("select count(j) from Job j where j.jobId = :id and j.cancelRequestedAt is not null",
                Long.class).setParameter("id", jobId).getSingleResult() > 0;
    }

    @Transactional
    public String cancelReason(String jobId) {
        Job job = Job.findById(jobId);
        return job == null ? null : job.cancelReason;
    }

    @Transactional
    public List<Image> imagesOfPrompt(String jobId, int promptIndex) {
        return Image.list("jobId = ?1 and promptIndex = ?2 order by rank", jobId, promptIndex);
    }

    @Transactional
    public List<Integer> completedPrompts(String jobId, int keepPerPrompt) {
        return em.createQuery("select i.promptIndex from Image i where i.jobId = :id group by i.promptIndex "
                        + "having count(i) >= :keep order by i.promptIndex", Integer.class)
                .setParameter("id", jobId).setParameter("keep", (long) keepPerPrompt).getResultList();
    }

    /**
     * Records one image unless (job, prompt, rank) is already recorded, and refreshes the job's count.
     *
     * @return true when this call inserted the row
     */
    @Transactional
    public boolean recordImage(Image image) {
        int inserted = em.createNativeQuery("""
                        insert into images (job_id, prompt_index, rank, candidate_index, prompt, seed, clip_score,
                                            object_key, sha256, width, height, model_name, model_version, created_at)
                        values (:job, :prompt_index, :rank, :candidate, :prompt, :seed, :score, :key, :sha, :w, :h,
                                :model, :version, now())
                        on conflict (job_id, prompt_index, rank) do nothing""")
                .setParameter("job", image.jobId).setParameter("prompt_index", image.promptIndex)
                .setParameter("rank", image.rank).setParameter("candidate", image.candidateIndex)
                .setParameter("prompt", image.prompt).setParameter("seed", image.seed)
                .setParameter("score", image.clipScore).setParameter("key", image.objectKey)
                .setParameter("sha", image.sha256).setParameter("w", image.width).setParameter("h", image.height)
                .setParameter("model", image.modelName).setParameter("version", image.modelVersion)
                .executeUpdate();
        em.createNativeQuery("update jobs set images_written = (select count(*) from images where job_id = :job), "
                        + "updated_at = now() where job_id = :job")
                .setParameter("job", image.jobId).executeUpdate();
        return inserted == 1;
    }

    @Transactional
    public int countImages(String jobId) {
        return Math.toIntExact(Image.count("jobId", jobId));
    }

    /** Ends a running job as completed or cancelled; returns the number of images it has. */
    @Transactional
    public int finish(String jobId, JobStatus outcome) {
        Job job = Job.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
        job.imagesWritten = countImages(jobId);
        if (!job.jobStatus().isFinal()) {
            job.status = outcome.dbValue();
            job.updatedAt = Instant.now();
            job.finishedAt = job.updatedAt;
        }
        return job.imagesWritten;
    }

    @Transactional
    public Job find(String jobId) {
        return Job.findById(jobId);
    }

    private Job lockOrCreate(String jobId, JobStatus initialStatus) {
        em.createNativeQuery("insert into jobs (job_id, status, created_at, updated_at) values (:id, :status, now(), "
                        + "now()) on conflict (job_id) do nothing")
                .setParameter("id", jobId).setParameter("status", initialStatus.dbValue()).executeUpdate();
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        // the row may have been created by the native insert above, after the persistence context was filled
        em.refresh(job, LockModeType.PESSIMISTIC_WRITE);
        return job;
    }

    private static void copySettings(JobRequest request, String canonicalJson, Job job) {
        job.request = canonicalJson;
        job.kind = "single";
        job.promptCount = request.prompts().size();
        job.imagesExpected = request.imagesExpected();
        job.candidatesPerPrompt = request.candidatesPerPrompt();
        job.keepPerPrompt = request.keepPerPrompt();
        job.seed = request.seed();
        job.steps = request.sampling().steps();
        job.guidanceScale = request.sampling().guidanceScale();
        job.truncation = request.sampling().truncation();
        job.modelName = request.model().name();
        job.modelVersion = request.model().version();
        job.outputPrefix = request.outputPrefix();
        job.priority = request.priority();
    }
}
