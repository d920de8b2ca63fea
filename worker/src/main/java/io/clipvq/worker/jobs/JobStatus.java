package io.clipvq.worker.jobs;

import java.util.Locale;

/** A job's state in the jobs table (stored lower-case). */
public enum JobStatus {
    /** Known (a cancel arrived first, or the request is registered) but not running. */
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
