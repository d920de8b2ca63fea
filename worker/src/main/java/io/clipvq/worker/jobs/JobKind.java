package io.clipvq.worker.jobs;

import java.util.Locale;

/** Which path runs a job: a single job (a list of prompts run in one delivery) or a bulk job (planned into shards). */
public enum JobKind {
    SINGLE,
    BULK;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobKind fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
