package io.clipvq.worker.jobs;

import io.clipvq.contracts.job.ModelRef;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** {@link JobLedger} on the jobs table through Hibernate ORM (the {@link Job} entity). */
@ApplicationScoped
public class JpaJobLedger implements JobLedger {

    private final EntityManager em;

    JpaJobLedger(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public boolean recordArrival(String jobId, JobKind kind, String request, JobSettings settings,
                                 Runnable whileRecorded) {
        boolean created = insertIfAbsent(jobId, kind, JobStatus.QUEUED);
        Job job = lock(jobId);
        if (job.request == null && job.jobStatus() == JobStatus.QUEUED) {
            job.kind = kind.dbValue();
            job.request = request;
            copySettings(settings, job);
            job.updatedAt = Instant.now();
        }
        if (created) {
            em.flush();
            whileRecorded.run();
        }
        return created;
    }

    @Override
    @Transactional
    public Registration register(String jobId, JobKind kind, String request, JobSettings settings, String workerId) {
        boolean created = insertIfAbsent(jobId, kind, JobStatus.QUEUED);
        Job job = lock(jobId);
        Registration registration = Registration.decide(created ? null : row(job), request);
        Instant now = Instant.now();
        switch (registration) {
            case CONFLICT, ALREADY_COMPLETED -> {
                return registration;
            }
            case ALREADY_CANCELLED -> {
                if (job.request == null) {
                    // the cancel arrived before the request: keep the request for the record
                    fill(job, kind, request, settings);
                    job.updatedAt = now;
                }
                if (job.jobStatus() != JobStatus.CANCELLED) {
                    end(job, JobStatus.CANCELLED, job.error);
                }
                return registration;
            }
            default -> {
                fill(job, kind, request, settings);
                job.status = JobStatus.RUNNING.dbValue();
                job.error = null;
                job.finishedAt = null;
                job.workerId = workerId;
                job.attempts++;
                if (job.startedAt == null) {
                    job.startedAt = now;
                }
                job.updatedAt = now;
                return registration;
            }
        }
    }

    @Override
    @Transactional
    public boolean markRejected(String jobId, JobKind kind, String messageText, String reason, String workerId) {
        boolean created = insertIfAbsent(jobId, kind, JobStatus.FAILED);
        Job job = lock(jobId);
        if (!created && !JobLedger.rejectionMayFail(row(job), kind, messageText)) {
            return false;
        }
        if (job.request == null) {
            job.kind = kind.dbValue();
            job.request = messageText;
        }
        job.workerId = workerId;
        end(job, JobStatus.FAILED, reason);
        return true;
    }

    @Override
    @Transactional
    public boolean failRunning(String jobId, String reason) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.jobStatus() != JobStatus.RUNNING) {
            return false;
        }
        end(job, JobStatus.FAILED, reason);
        return true;
    }

    @Override
    @Transactional
    public JobStatus finish(String jobId, JobStatus outcome) {
        if (outcome != JobStatus.COMPLETED && outcome != JobStatus.CANCELLED) {
            throw new IllegalArgumentException("finish ends a job completed or cancelled, not " + outcome);
        }
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job.jobStatus() == JobStatus.RUNNING || job.jobStatus() == JobStatus.QUEUED) {
            end(job, outcome, job.error);
        }
        return job.jobStatus();
    }

    @Override
    @Transactional
    @TransactionConfiguration(timeout = 600)
    public Optional<Ending> endIfReady(String jobId, Supplier<Optional<Ending>> decide) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.jobStatus() != JobStatus.RUNNING) {
            return Optional.empty();
        }
        Optional<Ending> ending = decide.get();
        ending.ifPresent(end -> {
            job.imagesWritten = Math.toIntExact(Math.min(end.imagesWritten(), Integer.MAX_VALUE));
            end(job, end.status(), end.error());
        });
        return ending;
    }

    @Override
    @Transactional
    public void recordImagesWritten(String jobId, long imagesWritten) {
        em.createQuery("update Job j set j.imagesWritten = :n, j.updatedAt = :now where j.jobId = :id")
                .setParameter("n", Math.toIntExact(Math.min(imagesWritten, Integer.MAX_VALUE)))
                .setParameter("now", Instant.now()).setParameter("id", jobId).executeUpdate();
    }

    @Override
    @Transactional
    public OptionalInt promptCount(String jobId) {
        Job job = em.find(Job.class, jobId);
        return job == null || job.promptCount == null ? OptionalInt.empty() : OptionalInt.of(job.promptCount);
    }

    @Override
    @Transactional
    public void recordSize(String jobId, int promptCount, Integer imagesExpected) {
        Job job = lock(jobId);
        job.promptCount = promptCount;
        job.imagesExpected = imagesExpected;
        job.updatedAt = Instant.now();
    }

    @Override
    @Transactional
    public JobStatus requestCancel(String jobId, String reason) {
        insertIfAbsent(jobId, JobKind.SINGLE, JobStatus.QUEUED);
        Job job = lock(jobId);
        JobStatus status = job.jobStatus();
        Instant now = Instant.now();
        if (status == JobStatus.QUEUED || status == JobStatus.RUNNING) {
            if (job.cancelRequestedAt == null) {
                job.cancelRequestedAt = now;
                job.cancelReason = reason;
            }
            job.updatedAt = now;
        }
        if (status == JobStatus.QUEUED) {
            // nobody runs it yet: it ends here; its request, if it comes, is answered "cancelled"
            end(job, JobStatus.CANCELLED, job.error);
        }
        return job.jobStatus();
    }

    @Override
    @Transactional
    public boolean isCancelRequested(String jobId) {
        return em.createQuery("select count(j) from Job j where j.jobId = :id and j.cancelRequestedAt is not null",
                Long.class).setParameter("id", jobId).getSingleResult() > 0;
    }

    @Override
    @Transactional
    public Optional<JobRow> find(String jobId) {
        Job job = em.find(Job.class, jobId);
        return job == null ? Optional.empty() : Optional.of(row(job));
    }

    @Override
    @Transactional
    public Optional<JobOverview> overview(String jobId) {
        Job job = em.find(Job.class, jobId);
        return job == null ? Optional.empty() : Optional.of(overview(job));
    }

    @Override
    @Transactional
    public List<JobOverview> recent(JobStatus status, int offset, int limit) {
        // ordered as the jobs_created_idx / jobs_status_created_idx indexes (V6), so a page is an index range scan
        TypedQuery<Job> query = em.createQuery("select j from Job j" + (status == null ? "" : " where j.status = :status")
                + " order by j.createdAt desc, j.jobId desc", Job.class);
        if (status != null) {
            query.setParameter("status", status.dbValue());
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(JpaJobLedger::overview).toList();
    }

    private boolean insertIfAbsent(String jobId, JobKind kind, JobStatus status) {
        return em.createNativeQuery("insert into jobs (job_id, kind, status, created_at, updated_at) values (:id, :kind, "
                        + ":status, now(), now()) on conflict (job_id) do nothing")
                .setParameter("id", jobId).setParameter("kind", kind.dbValue())
                .setParameter("status", status.dbValue()).executeUpdate() == 1;
    }

    private Job lock(String jobId) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        // the row may have been created by a native insert after the persistence context was filled
        em.refresh(job, LockModeType.PESSIMISTIC_WRITE);
        return job;
    }

    /** Puts the job in a final state (or failed) now. */
    private static void end(Job job, JobStatus status, String error) {
        job.status = status.dbValue();
        job.error = error;
        job.updatedAt = Instant.now();
        job.finishedAt = job.updatedAt;
    }

    private static void fill(Job job, JobKind kind, String request, JobSettings settings) {
        job.kind = kind.dbValue();
        job.request = request;
        copySettings(settings, job);
    }

    private static void copySettings(JobSettings settings, Job job) {
        if (settings.promptCount() != null) {
            job.promptCount = settings.promptCount();
            job.imagesExpected = settings.imagesExpected();
        }
        job.candidatesPerPrompt = settings.candidatesPerPrompt();
        job.keepPerPrompt = settings.keepPerPrompt();
        job.seed = settings.seed();
        job.steps = settings.steps();
        job.guidanceScale = settings.guidanceScale();
        job.truncation = settings.truncation();
        job.modelName = settings.modelName();
        job.modelVersion = settings.modelVersion();
        job.outputPrefix = settings.outputPrefix();
    }

    private static JobOverview overview(Job job) {
        return new JobOverview(row(job), job.createdAt, job.updatedAt, job.finishedAt);
    }

    private static JobRow row(Job job) {
        return new JobRow(job.jobId, JobKind.fromDb(job.kind), job.jobStatus(), job.request,
                job.cancelRequestedAt != null, job.cancelReason, job.promptCount, job.imagesExpected,
                job.imagesWritten, job.error, job.startedAt,
                job.modelName == null ? null : new ModelRef(job.modelName, job.modelVersion));
    }
}
