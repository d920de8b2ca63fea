package io.clipvq.contracts.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a job; the wire names are lower-case and hyphenated. */
public enum JobEventType {
    ACCEPTED("accepted"),
    STARTED("started"),
    PROGRESS("progress"),
    IMAGE_WRITTEN("image-written"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wireName;

    JobEventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** True for the events after which no other event of the same job run follows. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    @JsonCreator
    public static JobEventType fromWireName(String name) {
        for (JobEventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown job event type '" + name + "'");
    }
}
