package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the images of a bulk job are named under {@code <outputPrefix>/<jobId>/}. Both are a pure function of the
 * image index, so a re-run shard writes the same keys.
 */
public enum BulkLayout {
    /** {@code images/<image index, 10 digits>.png}. */
    FLAT("flat"),
    /** {@code images/p<prompt index, 7 digits>/<repeat, 7 digits>.png}: one folder per prompt (class folders). */
    BY_PROMPT("by-prompt");

    private final String wireName;

    BulkLayout(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The key of an image relative to the job's prefix. */
    public String imagePath(long imageIndex, long promptIndex, long repeat) {
        return switch (this) {
            case FLAT -> String.format(Locale.ROOT, "images/%010d.png", imageIndex);
            case BY_PROMPT -> String.format(Locale.ROOT, "images/p%07d/%07d.png", promptIndex, repeat);
        };
    }

    @JsonCreator
    public static BulkLayout fromWireName(String name) {
        for (BulkLayout layout : values()) {
            if (layout.wireName.equals(name)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + name + "' (known: " + known() + ")");
    }

    public static String known() {
        return Arrays.stream(values()).map(BulkLayout::wireName).collect(Collectors.joining(", "));
    }
}
