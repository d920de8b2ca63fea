package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.Violation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A request record's bytes as text. Records are consumed as bytes so that the dead-letter topic receives exactly
 * the bytes that arrived; here they are decoded strictly, and a copy that can be stored and shown is made of any
 * message, however broken.
 */
public final class MessageText {
    /** The most of a rejected message kept in its job row (a request is far smaller; this is for garbage). */
    public static final int MAX_STORED_CHARS = 65_536;

    private MessageText() {
    }

    /** @throws InvalidJobMessageException when the bytes are not UTF-8 text */
    public static String decode(byte[] value) {
        if (value == null) {
            throw new InvalidJobMessageException(List.of(new Violation("(message)", "null",
                    "the message has no value (a tombstone); a request must be JSON text")), null);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidJobMessageException(List.of(new Violation("(message)", value.length + " bytes",
                    "the message is not UTF-8 text; a request must be JSON text")), null);
        }
    }

    /**
     * The message as printable text: invalid UTF-8 becomes U+FFFD, control characters other than newline and tab
     * become \\uXXXX escapes, cut to {@link #MAX_STORED_CHARS} characters. PostgreSQL stores this; it could not
     * store a NUL.
     */
    public static String printable(byte[] value) {
        if (value == null) {
            return "";
        }
        String text = new String(value, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_STORED_CHARS));
        for (int i = 0; i < text.length() && out.length() < MAX_STORED_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
