package io.clipvq.worker.jobs;

import java.sql.SQLException;

/**
 * Turns failures into the reason a job row, a failed event and a dead-letter header carry: one line of printable
 * text, at most {@link #MAX_LENGTH} characters, never SQL or raw message bytes (PostgreSQL cannot even store a NUL).
 */
public final class Reasons {
    public static final int MAX_LENGTH = 300;

    private Reasons() {
    }

    /** The failure's own message made plain; a database failure is named by its SQLSTATE, not its statement. */
    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String context = failure == t || failure.getMessage() == null ? "" : contextOf(failure.getMessage());
                return plain(context + "the database refused the change (SQLSTATE " + sql.getSQLState() + ")");
            }
        }
        return plain(failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
    }

    /** First line only, control characters replaced by '?', cut to {@link #MAX_LENGTH} characters. */
    public static String plain(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_LENGTH));
        line.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || c == 0xFFFD ? '?' : c));
        return out.length() <= MAX_LENGTH ? out.toString() : out.substring(0, MAX_LENGTH - 3) + "...";
    }

    /** "cannot store the prompts of bulk job x: <sql>" keeps "cannot store the prompts of bulk job x: ". */
    private static String contextOf(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? "" : message.substring(0, colon + 2);
    }
}
