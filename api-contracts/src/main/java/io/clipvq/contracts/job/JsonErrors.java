package io.clipvq.contracts.job;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.regex.Pattern;

/**
 * Jackson's parse errors in words for the people who sent the message: the parser's own hints about its
 * configuration ("enable `JsonReadFeature...` to allow", "from `StreamReadConstraints...`") are cut, since a
 * sender cannot act on them, and only the first line is kept.
 */
public final class JsonErrors {
    private static final Pattern ENABLE_HINT = Pattern.compile("\\s*[:;]?\\s*enable `[^`]*` to allow.*$");
    private static final Pattern FROM_HINT = Pattern.compile(",\\s*from `[^`]*`");
    private static final Pattern BACKTICKED = Pattern.compile("`[^`]*`");

    private JsonErrors() {
    }

    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        String line = message.lines().findFirst().orElse("").strip();
        line = ENABLE_HINT.matcher(line).replaceAll("");
        line = FROM_HINT.matcher(line).replaceAll("");
        line = BACKTICKED.matcher(line).replaceAll("a parser limit");
        return line.isBlank() ? "malformed JSON" : line;
    }
}
