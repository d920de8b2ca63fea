package io.clipvq.worker.testing;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.JobOverview;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobSettings;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.jobs.Registration;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A {@link JobLedger} in memory for unit tests of the runners and the rejection path. It applies the same rules as
 * the database ledger ({@link Registration#decide}, {@link JobLedger#rejectionMayFail}); the ledger's own SQL is
 * exercised by the integration tests.
 */
public class InMemoryJobLedger implements JobLedger {

    private final Map<String, JobRow> rows = new LinkedHashMap<>();
    private final Map<String, Instant> createdAt = new HashMap<>();
    private final Map<String, Instant> updatedAt = new HashMap<>();
    private final Map<String, Instant> finishedAt = new HashMap<>();
    /** A clock that ticks one second per write, so creation order is strict and tests can rely on it. */
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    public synchronized void put(JobRow row) {
        store(row.jobId(), row);
    }

    /** Every write goes through here: keeps the timestamps the database keeps (created, updated, finished). */
    private void store(String jobId, JobRow row) {
        now = now.plusSeconds(1);
        rows.put(jobId, row);
        createdAt.putIfAbsent(jobId, now);
        updatedAt.put(jobId, now);
        if (row.status() == JobStatus.QUEUED || row.status() == JobStatus.RUNNING) {
            finishedAt.remove(jobId);
        } else {
            finishedAt.putIfAbsent(jobId, now);
        }
    }

    public synchronized JobRow row(String jobId) {
        return rows.get(jobId);
    }

    @Override
    public synchronized boolean recordArrival(String jobId, JobKind kind, String request, JobSettings settings,
                                              Runnable whileRecorded) {
        JobRow existing = rows.get(jobId);
        if (existing == null) {
            store(jobId, new JobRow(jobId, kind, JobStatus.QUEUED, request, false, null, settings.promptCount(),
                    settings.imagesExpected(), 0, null, null, modelOf(settings)));
            whileRecorded.run();
            return true;
        }
        if (existing.request() == null && existing.status() == JobStatus.QUEUED) {
            store(jobId, with(existing, kind, existing.status(), request, existing.error()));
        }
        return false;
    }

    @Override
    public synchronized Registration register(String jobId, JobKind kind, String request, JobSettings settings,
                                              String workerId) {
        JobRow existing = rows.get(jobId);
        Registration registration = Registration.decide(existing, request);
        switch (registration) {
            case CONFLICT, ALREADY_COMPLETED -> {
            }
            case ALREADY_CANCELLED -> store(jobId, with(existing, kind, JobStatus.CANCELLED,
                    existing.request() == null ? request : existing.request(), null));
            default -> store(jobId, existing == null
                    ? new JobRow(jobId, kind, JobStatus.RUNNING, request, false, null, settings.promptCount(),
                    settings.imagesExpected(), 0, null, null, modelOf(settings))
                    : withModel(with(existing, kind, JobStatus.RUNNING, request, null), modelOf(settings)));
        }
        return registration;
    }

    @Override
    public synchronized boolean markRejected(String jobId, JobKind kind, String messageText, String reason,
                                             String workerId) {
        JobRow existing = rows.get(jobId);
        if (!JobLedger.rejectionMayFail(existing, kind, messageText)) {
            return false;
        }
        store(jobId, existing == null
                ? new JobRow(jobId, kind, JobStatus.FAILED, messageText, false, null, null, null, 0, reason, null, null)
                : with(existing, existing.request() == null ? kind : existing.kind(), JobStatus.FAILED,
                existing.request() == null ? messageText : existing.request(), reason));
        return true;
    }

    @Override
    public synchronized boolean failRunning(String jobId, String reason) {
        JobRow existing = rows.get(jobId);
        if (existing == null || existing.status() != JobStatus.RUNNING) {
            return false;
        }
        store(jobId, with(existing, existing.kind(), JobStatus.FAILED, existing.request(), reason));
        return true;
    }

    @Override
    public synchronized JobStatus finish(String jobId, JobStatus outcome) {
        JobRow existing = rows.get(jobId);
        if (existing.status() == JobStatus.RUNNING || existing.status() == JobStatus.QUEUED) {
            store(jobId, with(existing, existing.kind(), outcome, existing.request(), null));
        }
        return rows.get(jobId).status();
    }

    @Override
    public synchronized Optional<Ending> endIfReady(String jobId, Supplier<Optional<Ending>> decide) {
        JobRow existing = rows.get(jobId);
        if (existing == null || existing.status() != JobStatus.RUNNING) {
            return Optional.empty();
        }
        Optional<Ending> ending = decide.get();
        ending.ifPresent(end -> store(jobId, with(existing, existing.kind(), end.status(), existing.request(),
                end.error())));
        return ending;
    }

    @Override
    public synchronized void recordImagesWritten(String jobId, long imagesWritten) {
        JobRow r = rows.get(jobId);
        store(jobId, new JobRow(r.jobId(), r.kind(), r.status(), r.request(), r.cancelRequested(), r.cancelReason(),
                r.promptCount(), r.imagesExpected(), Math.toIntExact(imagesWritten), r.error(), r.startedAt(), r.model()));
    }

    @Override
    public synchronized OptionalInt promptCount(String jobId) {
        JobRow r = rows.get(jobId);
        return r == null || r.promptCount() == null ? OptionalInt.empty() : OptionalInt.of(r.promptCount());
    }

    @Override
    public synchronized void recordSize(String jobId, int promptCount, Integer imagesExpected) {
        JobRow r = rows.get(jobId);
        store(jobId, new JobRow(r.jobId(), r.kind(), r.status(), r.request(), r.cancelRequested(), r.cancelReason(),
                promptCount, imagesExpected, r.imagesWritten(), r.error(), r.startedAt(), r.model()));
    }

    @Override
    public synchronized JobStatus requestCancel(String jobId, String reason) {
        if (!rows.containsKey(jobId)) {
            store(jobId, new JobRow(jobId, JobKind.SINGLE, JobStatus.QUEUED, null, false, null, null, null, 0, null, null,
                    null));
        }
        JobRow r = rows.get(jobId);
        if ((r.status() == JobStatus.QUEUED || r.status() == JobStatus.RUNNING)) {
            JobStatus after = r.status() == JobStatus.QUEUED ? JobStatus.CANCELLED : r.status();
            store(jobId, new JobRow(r.jobId(), r.kind(), after, r.request(), true,
                    r.cancelRequested() ? r.cancelReason() : reason, r.promptCount(), r.imagesExpected(),
                    r.imagesWritten(), r.error(), r.startedAt(), r.model()));
        }
        return rows.get(jobId).status();
    }

    @Override
    public synchronized boolean isCancelRequested(String jobId) {
        JobRow r = rows.get(jobId);
        return r != null && r.cancelRequested();
    }

    @Override
    public synchronized Optional<JobRow> find(String jobId) {
        return Optional.ofNullable(rows.get(jobId));
    }

    @Override
    public synchronized Optional<JobOverview> overview(String jobId) {
        return find(jobId).map(this::overviewOf);
    }

    @Override
    public synchronized List<JobOverview> recent(JobStatus status, int offset, int limit) {
        return rows.values().stream().filter(r -> status == null || r.status() == status).map(this::overviewOf)
                .sorted(Comparator.comparing(JobOverview::createdAt).reversed()
                        .thenComparing(o -> o.row().jobId(), Comparator.reverseOrder()))
                .skip(offset).limit(limit).toList();
    }

    private JobOverview overviewOf(JobRow row) {
        return new JobOverview(row, createdAt.get(row.jobId()), updatedAt.get(row.jobId()),
                finishedAt.get(row.jobId()));
    }

    private static JobRow with(JobRow r, JobKind kind, JobStatus status, String request, String error) {
        return new JobRow(r.jobId(), kind, status, request, r.cancelRequested(), r.cancelReason(), r.promptCount(),
                r.imagesExpected(), r.imagesWritten(), error, r.startedAt(), r.model());
    }

    private static ModelRef modelOf(JobSettings settings) {
        return new ModelRef(settings.modelName(), settings.modelVersion());
    }

    private static JobRow withModel(JobRow r, ModelRef model) {
        return new JobRow(r.jobId(), r.kind(), r.status(), r.request(), r.cancelRequested(), r.cancelReason(),
                r.promptCount(), r.imagesExpected(), r.imagesWritten(), r.error(), r.startedAt(), model);
    }
}
